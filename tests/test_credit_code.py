"""GB 32100 统一社会信用代码: the check character, the position named in each refusal,
the company on a case (left out of the digest when there is none) and on the receipt."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assets import sample_catalog
from core.case import Company
from core.catalog import Catalog
from core.credit_code import ALPHABET, CreditCodeError, check_character, validate_credit_code
from core.intake import AUTHORISATION_CODE, check_form, start_case
from core.receipt import acceptance_receipt
from tests.factories import identity

# Published codes commonly cited as valid examples of the check (shared/DOMAIN.md);
# their check characters are computed here by the algorithm alone.
PUBLISHED = ("91440300708461136T", "91110000600037341L", "91350100M000100Y43")
COMPANY_ITEM = "440604-XK-0001"  # 食品经营许可（新办）: a legal person applies


def test_alphabet_has_31_characters_without_i_o_s_v_z():
    assert len(ALPHABET) == 31 and not set("IOSVZ") & set(ALPHABET)


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_pass_and_their_check_character_is_computed(code):
    assert check_character(code[:17]) == code[17]
    assert validate_credit_code(code) == code


def test_spaces_and_lower_case_are_normalised():
    assert validate_credit_code(" 9135 0100 m000 100y43 ") == "91350100M000100Y43"


def _refusal(code: str) -> CreditCodeError:
    with pytest.raises(CreditCodeError) as info:
        validate_credit_code(code)
    return info.value


def test_a_wrong_check_character_names_position_18():
    exc = _refusal("91350100M000100Y44")
    assert exc.code == "credit_code.check"
    assert exc.params == {"position": 18, "char": "4"}
    assert "第18位" in exc.message and "营业执照" in exc.hint


def test_one_mistyped_character_in_the_first_17_fails_the_check():
    good = "91440300708461136T"
    bad = good[:9] + ("1" if good[9] != "1" else "2") + good[10:]
    assert _refusal(bad).code == "credit_code.check"


@pytest.mark.parametrize(
    ("code", "position", "char"),
    [
        ("9I440300708461136T", 2, "I"),  # I is not in the alphabet
        ("914403O0708461136T", 7, "O"),
        ("91440A00708461136T", 6, "A"),  # the region code (positions 3-8) is digits
        ("91440300708461136S", 18, "S"),
        ("91440300-08461136T", 9, "-"),
    ],
)
def test_a_character_not_allowed_names_its_position(code, position, char):
    exc = _refusal(code)
    assert exc.code == "credit_code.char"
    assert exc.params == {"position": position, "char": char}
    assert f"第{position}位" in exc.message and char in exc.message


@pytest.mark.parametrize("code", ["9144030070846113", "91440300708461136TX"])
def test_a_wrong_length_says_the_length(code):
    exc = _refusal(code)
    assert exc.code == "credit_code.length" and exc.params == {"length": len(code)}
    assert f"{len(code)}位" in exc.message


def test_an_empty_code_is_asked_for():
    assert _refusal("  ").code == "credit_code.empty"


def test_the_sixteen_company_items_check_the_code_on_their_form():
    catalog = Catalog.load(sample_catalog())
    company = [it for it in catalog.items if it.for_company]
    assert len(company) == 16
    for it in company:  # each can ask for the 授权委托书 of a 经办人
        assert it.material(AUTHORISATION_CODE).name == "授权委托书"
    it = catalog.item(COMPANY_ITEM)
    errors = check_form(it.form, {"credit_code": "91350100M000100Y44"})
    assert "第18位" in errors["credit_code"]
    assert "credit_code" not in check_form(it.form, {"credit_code": PUBLISHED[2]})


def test_company_refuses_a_bad_code_as_a_validation_error():
    with pytest.raises(ValidationError):
        Company(name="某公司", credit_code="91350100M000100Y44", legal_representative="张三")


def _company_case(represented: bool):
    it = Catalog.load(sample_catalog()).item(COMPANY_ITEM)
    company = Company(
        name="佛山市示例餐饮有限公司",
        credit_code=PUBLISHED[2],
        legal_representative="李四",
        represented=represented,
    )
    answers = {q.key: 0 for q in it.scenario}
    case = start_case(
        it,
        identity(),
        hall_code="FS01",
        device_code="W01",
        channel="counter",
        actor="clerk",
        answers=answers,
        company=company,
    )
    return it, case


def test_a_company_case_prefills_the_form_and_asks_for_the_authorisation():
    _it, case = _company_case(represented=False)
    assert case.company is not None and case.applicant.name == identity().name  # the 经办人
    assert case.form["entity_name"] == "佛山市示例餐饮有限公司"
    assert case.form["credit_code"] == PUBLISHED[2]
    assert case.form["applicant_name"] == "李四"  # 法定代表人（负责人）姓名
    assert AUTHORISATION_CODE in [m.code for m in case.materials]
    assert "李四" not in str(case.events[0].detail)
    _it, own = _company_case(represented=True)
    assert AUTHORISATION_CODE not in [m.code for m in own.materials]


def test_the_digest_leaves_out_no_company_and_covers_a_company():
    _it, case = _company_case(represented=False)
    with_company = case.body_digest()
    case.company = None
    without = case.body_digest()
    assert without != with_company
    # A case saved before ``company`` existed (no such key) keeps its digest.
    old = case.model_dump(mode="json")
    old.pop("company")
    assert type(case).model_validate(old).body_digest() == without


def test_the_receipt_prints_the_company_and_the_masked_agent():
    _it, case = _company_case(represented=False)
    case.receipt_no = "FS01-W01-20261203-0001"
    text = acceptance_receipt(case, hall_name="测试大厅", terminal="W01").plain_text()
    assert "佛山市示例餐饮有限公司" in text and PUBLISHED[2] in text
    assert "单位经办人" in text and identity().id_number not in text
    assert identity().name not in text
