import datetime as dt

import pytest

from core.errors import IdentityError
from core.identity import (
    Gender,
    check_digit,
    check_identity,
    mask_id_number,
    mask_name,
    mask_phone,
    validate_id_number,
)
from tests.factories import id_number, identity


def test_check_digit_known_value():
    # The GB 11643 worked example: 11010519491231002X.
    assert check_digit("11010519491231002") == "X"
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("1234", "格式"),
        ("11010519491231002Y", "格式"),
        ("110105194912310021", "校验位"),
        (id_number(birth="19991340"), "出生日期"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(number, fragment):
    with pytest.raises(IdentityError) as e:
        validate_id_number(number)
    assert fragment in e.value.message


def test_birth_and_gender_must_agree_with_the_number():
    assert check_identity(identity()) == []
    with pytest.raises(IdentityError, match="出生日期"):
        check_identity(identity(birth=dt.date(1985, 3, 16)))
    with pytest.raises(IdentityError, match="性别"):
        check_identity(identity(gender=Gender.FEMALE))


def test_expired_card_is_refused_and_long_term_card_is_not():
    with pytest.raises(IdentityError, match="过期") as e:
        check_identity(identity(valid_to=dt.date(2020, 1, 1)), today=dt.date(2026, 11, 24))
    assert e.value.hint
    assert check_identity(identity(valid_to=None)) == []


def test_unknown_region_is_only_a_warning():
    warnings = check_identity(identity(id_number=id_number(region="990101")))
    assert len(warnings) == 1 and "地区" in warnings[0]


def test_masking():
    assert mask_name("张小三") == "张*三"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧**明"
    assert mask_id_number("110105199001011234") == "110***********1234"
    assert mask_phone("13812345678") == "138****5678"


def test_identity_repr_hides_personal_data():
    who = identity()
    text = repr(who) + str(who)
    assert who.name not in text and who.id_number not in text and who.address not in text


def test_nation_codes():
    from core.identity import nation_name

    assert nation_name("01") == "汉族"
    assert nation_name("56") == "基诺族"
    assert nation_name("97") == "其他"
    assert nation_name("汉") == "汉"
