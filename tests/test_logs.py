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


def _logged(path):
    for h in logging.getLogger().handlers:
        h.flush()
    return path.read_text(encoding="utf-8")


def test_tracebacks_and_stacks_keep_personal_data_out(tmp_path):
    path = setup_logging(tmp_path)
    n = id_number(seq="555")
    try:
        raise ValueError(f"card {n} phone 13912345678 unreadable")
    except ValueError:
        logging.getLogger("t").exception("reading failed")
    logging.getLogger("t").warning("with stack %s", "x", stack_info=True)
    body = _logged(path)
    assert "reading failed" in body and "Traceback" in body and "with stack" in body
    assert n not in body and "13912345678" not in body
    assert n[:3] + "*" * 11 + n[-4:] in body


def test_pydantic_errors_do_not_quote_the_input(tmp_path):
    from pydantic import BaseModel, ValidationError

    class Person(BaseModel):
        age: int

    path = setup_logging(tmp_path)
    typed = "测试甲" + "住在样例街道"  # not in the source line the traceback quotes
    try:
        Person(age=typed)
    except ValidationError:
        logging.getLogger("t").exception("bad form")
    body = _logged(path)
    assert "bad form" in body and "input_value=(hidden)" in body
    assert "测试甲住在样例街道" not in body


def test_the_log_file_is_private(tmp_path):
    import stat

    (tmp_path / "onewindow.log").write_text("old\n", encoding="utf-8")
    (tmp_path / "onewindow.log").chmod(0o644)
    path = setup_logging(tmp_path)
    logging.getLogger("t").warning("hello")
    _logged(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
