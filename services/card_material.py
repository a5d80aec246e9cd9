"""Materials the card just read satisfies (一证通办): the applicant's ID card itself.

The kiosk does not ask a citizen to put under the camera the card it has
just read electronically. Such a material (core.intake.card_satisfies) is
filled with the card's face drawn from the read fields and the photo: an
ID-1 image at 300 dpi that says on it that it comes from the card read and
is not a scan, kept like a scanned material (one PDF, sealed in the store)
and marked ``source="card_read"``, which the receipt and the checklist show
as 读卡获取. Qt-free; any thread (the apps run it on the background lane).
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from core.case import Case
from core.identity import CardType, Identity, nation_name
from core.intake import CARD_READ, card_satisfies
from drivers.camera.codes import Mode, PageKind
from drivers.camera.page import Page
from drivers.fonts import cjk_font
from drivers.idcard.wlt_photo import photo_png

if TYPE_CHECKING:
    from services.runtime import Runtime

log = logging.getLogger(__name__)

W, H, DPI = 1011, 638, 300  # ID-1 (85.6 × 54 mm) at 300 dpi
INK = (20, 24, 30)
LABEL = (70, 90, 110)
MARK = (178, 40, 40)


def _date(d) -> str:
    return f"{d.year} 年 {d.month} 月 {d.day} 日" if d else ""


def card_face(identity: Identity) -> Page:
    """The card's face drawn from what was read (personal data: kept sealed, never logged)."""
    img = Image.new("RGB", (W, H), (232, 240, 242))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((2, 2, W - 3, H - 3), radius=36, outline=(150, 170, 180), width=3)
    d.rectangle((0, H - 64, W, H), fill=(255, 240, 214))
    d.text(
        (34, H - 54),
        "读卡获取 · 非扫描件（由身份证读卡信息生成）",
        font=cjk_font(30, True),
        fill=MARK,
    )
    label, value = cjk_font(26), cjk_font(32)
    gender = {"1": "男", "2": "女"}.get(identity.gender.value, "")
    rows = [
        ("姓名", identity.name),
        ("性别", f"{gender}        民族  {nation_name(identity.nation)}"),
        ("出生", _date(identity.birth)),
    ]
    y = 40
    for k, v in rows:
        d.text((50, y + 6), k, font=label, fill=LABEL)
        d.text((150, y), v, font=value, fill=INK)
        y += 66
    d.text((50, y + 6), "住址", font=label, fill=LABEL)
    addr, line = identity.address, 0
    while addr and line < 3:
        d.text((150, y + line * 42), addr[:14], font=value, fill=INK)
        addr, line = addr[14:], line + 1
    resident = identity.card_type is CardType.RESIDENT
    d.text((50, 480), "公民身份号码" if resident else "证件号码", font=label, fill=LABEL)
    d.text((240, 472), identity.id_number, font=cjk_font(38), fill=INK)
    try:
        photo = Image.open(io.BytesIO(photo_png(identity.photo))).convert("RGB")
        photo = photo.resize((246, 304))
        img.paste(photo, (W - 300, 60))
    except OSError:
        log.info("card photo not drawn (undecodable image)")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, dpi=(DPI, DPI))
    return Page(out.getvalue(), "image/jpeg", W, H, DPI, PageKind.ID1, Mode.COLOUR)


def fill_from_card(runtime: Runtime, case: Case, identity: Identity, actor: str) -> list[str]:
    """Fill each material of the draft the card read satisfies and that has no file yet;
    the codes filled (logged in the trail as "from_card_read", no personal data)."""
    from services.submission import store_material

    filled: list[str] = []
    for m in case.materials:
        if m.files or not card_satisfies(m.name, m.code, identity):
            continue
        store_material(runtime, case, m.code, [card_face(identity)], actor=actor)
        m.source = CARD_READ
        case.log("from_card_read", actor, {"material": m.code})
        filled.append(m.code)
    return filled
