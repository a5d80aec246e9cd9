"""The screenshot tour reaches every screen, and no screenshot is blank."""

from __future__ import annotations

from PySide6.QtGui import QImage

from onewindow.staff_tour import PAGES, STAFF_SIZES, run_staff_tour
from onewindow.tour import SIZE, run_tour

KIOSK = [
    "certs",  # 证明打印 (certs)
    "cert_preview",
    "cert_done",
    "certs_offline",
    "home",
    "assist",  # 帮办 (issue 16, item 11)
    "assisted",
    "guides",
    "guides_search",
    "guide_full",
    "voice",
    "elder_home",
    "elder_items",
    "consent",
    "card",
    "items",
    "offline",
    "help_called",
    "guide",
    "form",
    "form_date",
    "idle_warning",
    "form_pinyin",
    "form_handwriting",
    "scan",
    "confirm",
    "confirm_express",
    "done",
    "evaluation",
    "supplement_find",  # 补交材料 (issue 14, item 3)
    "supplement",
    "supplement_scanned",
    "supplement_done",
    "bundles",  # 一件事
    "bundle_guide",
    "bundle_form",
    "bundle_confirm",
    # 12345 咨询投诉 (issue 14, item 4)
    "hotline_handwriting",
    "hotline_form",
    "hotline_ticket",
    "hotline_lookup",
    "hotline_answer",
    "hotline_rated",
    # 进度查询
    "progress",
    "progress_card",
    "progress_type",
    "progress_list",
    "commitment",  # 告知承诺 (issue 16, item 1)
    "commitment_refused",
    "confirm_commitment",
]
COUNTER = [
    "signin",
    "calling",  # 叫号 (issue 15)
    "card",
    "bundle_item",  # 一件事
    "item",
    "materials",
    "drafts",  # 未完成的受理 (issue 16, item 9)
    "delivery",  # 邮寄送达 (issue 16, item 8)
    "done",
    "evaluation",
    "customer_screen",  # 好差评 on the citizen's screen (issue 16, item 3)
    "customer_rating",
    "cases",
    "pickup",
    "pickup_done",
    "pickup_waybill",
    "supplement",  # 补交材料 (issue 14, item 3)
    "supplement_done",
    "online",  # 网上预审件 (issue 16, item 6)
    "online_done",
    "hotline",
    "hotline_done",
    "commitment",  # 告知承诺 (issue 16, item 1)
    "commitment_refused",
    "reuse_offer",  # 材料复用 and 电子证照 (issue 16, item 5)
    "reuse_attached",
]


def _distinct_colours(path, step=16) -> int:
    img = QImage(str(path))
    assert not img.isNull(), path
    seen = set()
    for y in range(0, img.height(), step):
        for x in range(0, img.width(), step):
            seen.add(img.pixel(x, y))
    return len(seen)


def test_tour_writes_a_non_blank_png_per_screen(qapp, tmp_path):
    paths = run_tour(tmp_path / "tour", data_root=tmp_path / "data")
    names = [p.stem.split("_", 1)[1] for p in paths]
    for screen in KIOSK:
        assert f"kiosk_{screen}" in names
    for screen in COUNTER:
        assert f"counter_{screen}" in names
    for p in paths:
        assert p.stat().st_size > 10_000, p
        assert _distinct_colours(p) > 8, f"{p.name} looks blank"
    # The kiosk runs full screen: a window that grew past the panel is cut off there
    # (after 长辈模式, the done page once made the 1280×800 window 1299 px wide).
    grown = [
        (p.name, QImage(str(p)).size().toTuple())
        for p in paths
        if "kiosk" in p.name and QImage(str(p)).size().toTuple() != SIZE
    ]
    assert not grown, grown


def test_staff_tour_writes_a_full_page_png_per_staff_page_and_size(qapp, tmp_path):
    paths = run_staff_tour(tmp_path / "staff", data_root=tmp_path / "data")
    for size, (width, height, _phone) in STAFF_SIZES.items():
        mine = sorted(p for p in paths if p.parent.name == size)
        assert [p.stem.split("_", 2)[2] for p in mine] == list(PAGES), size
        for p in mine:
            img = QImage(str(p))
            assert img.width() == width and img.height() >= height, (p, img.size())
            assert p.stat().st_size > 10_000, p
            assert _distinct_colours(p, step=8) > 8, f"{p} looks blank"
    case = QImage(str(tmp_path / "staff" / "1366x768" / "03_staff_case.png"))
    assert case.height() > 768, "the case page is taken whole, not only its first screen"
