import logging

from services.logs import scrub, setup_logging
from tests.factories import id_number


def test_scrub_masks_id_and_phone_numbers_only():
    n = id_number()
    text = scrub(f"read {n} phone 13812345678 case FS01-K01-20261124-0001 size 123456789012")
    assert n not in text and "13812345678" not in text
    assert n[:3] + "*" * 11 + n[-4:] in text
    assert "138****5678" in text
    assert "FS01-K01-20261124-0001" in text
    assert "123456789012" in text


def test_log_file_never_holds_an_id_number(tmp_path):
    path = setup_logging(tmp_path)
    n = id_number(seq="777")
    logging.getLogger("t").warning("oops %s", n)
    for h in logging.getLogger().handlers:
        h.flush()
    body = path.read_text(encoding="utf-8")
    assert "oops" in body and n not in body


def test_unfiltered_basicconfig_handler_is_replaced(tmp_path):
    import escpos.printer  # noqa: F401  (its import calls logging.basicConfig)

    logging.basicConfig()
    setup_logging(tmp_path)
    for h in logging.getLogger().handlers:
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler):
            if getattr(h, "_onewindow", False):
                assert any(type(f).__name__ == "PersonalDataFilter" for f in h.filters)
            else:
                assert type(h) is not logging.StreamHandler
