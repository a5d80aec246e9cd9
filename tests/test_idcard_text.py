"""The 256-byte text blocks of the four GA/T 467 cards, the WLT photo, SSSE records."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from PIL import Image

from core.errors import DeviceError, IdentityError
from core.identity import CardType, Gender, check_identity
from drivers.idcard import ga467_text as t
from drivers.idcard import ssse
from drivers.idcard.wlt_photo import (
    PNG_MAGIC,
    WltDecoder,
    load_decoder,
    photo_png,
    placeholder_png,
)
from emulators.sample_cards import (
    all_card_kinds,
    expired_card,
    fake_wlt,
    foreign_2023,
    foreign_old,
    hmt_permit,
    social_security_identities,
)
from tests.factories import id_number


def field(value: str, nbytes: int) -> bytes:
    raw = value.encode("utf-16-le")
    assert len(raw) <= nbytes
    return raw + b" \x00" * ((nbytes - len(raw)) // 2)


def resident_block(**over: str) -> bytes:
    """A resident card's text block built from the published offsets, by hand."""
    f = {
        "name": "测试甲",
        "gender": "1",
        "nation": "03",
        "birth": "19850315",
        "address": "广东省佛山市禅城区测试路1号",
        "id_number": id_number(),
        "authority": "佛山市公安局禅城分局",
        "valid_from": "20200101",
        "valid_to": "长期",
    } | over
    block = (
        field(f["name"], 30)
        + field(f["gender"], 2)
        + field(f["nation"], 4)
        + field(f["birth"], 16)
        + field(f["address"], 70)
        + field(f["id_number"], 36)
        + field(f["authority"], 30)
        + field(f["valid_from"], 16)
        + field(f["valid_to"], 16)
        + field("", 36)
    )
    assert len(block) == 256
    return block


def test_resident_block_parses_by_the_published_offsets():
    block = t.parse_text(resident_block())
    assert block.card_type is CardType.RESIDENT
    ident = t.to_identity(block, b"raw-wlt")
    assert ident.name == "测试甲" and ident.gender is Gender.MALE and ident.nation == "03"
    assert ident.birth == dt.date(1985, 3, 15) and ident.id_number == id_number()
    assert ident.address == "广东省佛山市禅城区测试路1号"
    assert ident.authority == "佛山市公安局禅城分局"
    assert ident.valid_from == dt.date(2020, 1, 1) and ident.valid_to is None  # 长期
    assert ident.photo == b"raw-wlt"
    assert check_identity(ident) == []
    # the encoder writes the very same bytes
    assert t.encode_identity(ident) == resident_block()


def test_each_card_type_has_its_flag_and_layout():
    hmt, old, new = hmt_permit(), foreign_old(), foreign_2023()
    b_hmt = t.encode_identity(hmt.identity, hmt.extras)
    b_old = t.encode_identity(old.identity, old.extras)
    b_new = t.encode_identity(new.identity, new.extras)
    assert b_hmt[248:250] == b"J\x00" and b_old[248:250] == b"I\x00" and b_new[248:250] == b"Y\x00"
    # HMT permit: like the resident card, plus pass number at 220 and issue count at 238
    assert b_hmt[122:158] == field(hmt.identity.id_number, 36)
    assert b_hmt[220:238] == field("H90000001", 18) and b_hmt[238:242] == field("01", 4)
    # old foreign card: English name first, 15-character number at 122, nationality at 152
    assert b_old[0:120] == field("SAMPLE, ALEX", 120)
    assert b_old[120:122] == field("1", 2)
    assert b_old[122:152] == field(old.identity.id_number, 30)
    assert b_old[152:158] == field("USA", 6) and b_old[158:188] == field("亚历克斯", 30)
    assert b_old[220:236] == field("19781201", 16)
    # 2023 foreign card: Chinese name at 0, English name at 52 (+ 220), nationality at 242
    assert b_new[0:30] == field("贝蒂", 30) and b_new[52:122] == field("SAMPLE, BETTY EXAMPLE", 70)
    assert b_new[242:248] == field("GBR", 6)


@pytest.mark.parametrize("sample", all_card_kinds(), ids=lambda s: s.identity.card_type.value)
def test_every_card_kind_round_trips_and_passes_the_checks(sample):
    block = t.parse_text(t.encode_identity(sample.identity, sample.extras))
    assert block.card_type is sample.identity.card_type
    assert block.extras() == sample.extras
    ident = t.to_identity(block)
    assert ident == sample.identity
    assert check_identity(ident) == []


def test_long_2023_english_names_continue_at_offset_220():
    sample = foreign_2023()
    long_name = "SAMPLEFAMILYNAME, GIVENNAMEONE GIVENTWO"  # 39 characters: 35 + 4
    ident = sample.identity.model_copy(update={"english_name": long_name})
    raw = t.encode_identity(ident)
    assert raw[220:230] == field(long_name[35:], 10)[:10]
    assert t.to_identity(t.parse_text(raw)).english_name == long_name


def test_old_foreign_numbers_are_checked_by_their_own_rules():
    ident = foreign_old().identity
    assert check_identity(ident) == []
    with pytest.raises(IdentityError):
        check_identity(ident.model_copy(update={"id_number": "USA4478120100"}))
    warn = check_identity(ident.model_copy(update={"birth": dt.date(1978, 12, 2)}))
    assert warn and "出生日期" in warn[0]
    with pytest.raises(IdentityError, match="过期"):
        check_identity(ident.model_copy(update={"valid_to": dt.date(2020, 1, 1)}))


def test_expired_card_is_refused_with_its_date():
    ident = t.to_identity(t.parse_text(t.encode_identity(expired_card().identity)))
    with pytest.raises(IdentityError) as info:
        check_identity(ident)
    assert "2020年01月01日" in info.value.message and info.value.hint


@pytest.mark.parametrize(
    ("block", "what"),
    [
        (resident_block()[:248] + field("Z", 2) + resident_block()[250:], "类型"),
        (resident_block(birth="19851315"), "日期"),
        (resident_block(birth="1985-3-1"), "日期"),
        (resident_block(valid_to="长久"), "日期"),
        (resident_block(gender="M"), "性别"),
        (resident_block(id_number=""), "号码"),
        (resident_block(name=""), "姓名"),
        (b"\x00\xd8" + resident_block()[2:], "编码"),  # a lone UTF-16 surrogate
        (resident_block()[:200], "256"),
    ],
)
def test_bad_blocks_give_card_data_errors(block, what):
    with pytest.raises(t.CardDataError) as info:
        t.parse_text(block)
    assert what in info.value.message and info.value.hint


# ---- WLT photo ----------------------------------------------------------------------------------
FAKE_WLT_LIB = r"""
#include <string.h>
/* Stands in for a vendor libwlt: "decodes" by painting the BMP in a colour from the input. */
int unpack(char *src, char *dst, int bmp) {
    if (src[0] != 'W' || bmp != 1) return -2;
    const int w = 102, h = 126, row = 308, size = 54 + row * h;
    unsigned char *p = (unsigned char *)dst;
    memset(p, 0, size);
    p[0] = 'B'; p[1] = 'M';
    p[2] = size & 0xff; p[3] = (size >> 8) & 0xff; p[4] = (size >> 16) & 0xff;
    p[10] = 54; p[14] = 40;
    p[18] = w; p[22] = h; p[26] = 1; p[28] = 24;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *px = p + 54 + y * row + x * 3;
            px[0] = 30; px[1] = 60; px[2] = (unsigned char)src[5];  /* B G R */
        }
    return 1;
}
"""


@pytest.fixture(scope="module")
def wlt_lib(tmp_path_factory):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the stand-in WLT library")
    d = tmp_path_factory.mktemp("wlt")
    (d / "fakewlt.c").write_text(FAKE_WLT_LIB)
    subprocess.run(
        [cc, "-shared", "-fPIC", "-o", str(d / "libfakewlt.so"), str(d / "fakewlt.c")], check=True
    )
    return str(d / "libfakewlt.so")


def test_a_configured_wlt_library_turns_the_photo_into_a_png(wlt_lib):
    dec = load_decoder(wlt_lib)
    assert isinstance(dec, WltDecoder)
    wlt = fake_wlt(all_card_kinds()[0].identity)
    png = dec.decode(wlt)
    assert png is not None and png.startswith(PNG_MAGIC)
    img = Image.open(io.BytesIO(png))
    assert img.size == (102, 126)
    assert img.convert("RGB").getpixel((50, 60)) == (wlt[5], 60, 30)
    assert photo_png(png) == png
    assert dec.decode(b"X" * 1024) is None  # the library refused it
    assert dec.decode(b"W" * 10) is None  # not a whole WLT photo


def test_without_a_wlt_library_the_raw_photo_is_kept_and_a_placeholder_shown(tmp_path):
    assert load_decoder("") is None
    with pytest.raises(DeviceError):
        load_decoder(str(tmp_path / "libwlt.so"))
    with pytest.raises(DeviceError):
        WltDecoder(str(tmp_path))  # not a library
    img = Image.open(io.BytesIO(placeholder_png()))
    assert img.size == (102, 126)
    raw = b"WLT" + bytes(1021)
    assert photo_png(raw) == placeholder_png()


# ---- social security card records -------------------------------------------------------------
def test_ssse_records_round_trip():
    for ident in social_security_identities():
        recs = ssse.identity_records(ident)
        assert recs[0x08] == b"\x08\x12" + ident.id_number.encode()
        assert recs[0x0D] == b"\x0d\x04" + bytes.fromhex(f"{ident.birth:%Y%m%d}")
        got = ssse.parse_records({n: recs[n] for n in (*ssse.READ_CARD, *ssse.READ_HOLDER)})
        assert got == ident
        assert check_identity(got) == []


def test_ssse_plain_values_and_missing_records():
    ident = social_security_identities()[0]
    recs = ssse.identity_records(ident)
    recs[0x09] = ident.name.encode("gb18030")  # a card that stores the value without tag/length
    del recs[0x05]
    got = ssse.parse_records(recs)
    assert got.name == ident.name and got.valid_from is None


@pytest.mark.parametrize(
    ("tag", "value"),
    [(0x0D, b"\x0d\x04\x19\x88\x13\x45"), (0x0A, b"\x0a\x01M"), (0x09, b"\x09\x02\xff\xfe")],
)
def test_bad_ssse_records_give_typed_errors(tag, value):
    recs = ssse.identity_records(social_security_identities()[0])
    recs[tag] = value
    with pytest.raises(ssse.SsseDataError):
        ssse.parse_records(recs)
