"""The structured delivery address: province / city / district choosers, the street
detail, the recipient's name and mobile (邮寄送达, issue 16 item 8).

The choosers follow the shipped GB/T 2260 table (core.divisions, loaded once from
assets): a province the table breaks down offers its cities, a city its districts;
where the table stops (a province outside Guangdong) the city and district choosers
take typed words. ``delivery()`` returns the checked ``core.case.Delivery`` or raises
the DeliveryError whose words say what is wrong. Shared so the kiosk can take the
same address. GUI thread only.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

import assets
from core.case import Delivery
from core.delivery import express_delivery
from core.divisions import Divisions, load_divisions
from widgets.i18n import tr

DEFAULT_PROVINCE = "440000"  # 广东省: the hall's own province first


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    """The shipped table (read once; any thread)."""
    return load_divisions(assets.path("divisions/gb2260.json"))


class AddressPicker(QWidget):
    """Province, city and district choosers with the detail, recipient and phone. GUI
    thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = divisions()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        self.province = self._combo("delivery_province")
        self.city = self._combo("delivery_city")
        self.district = self._combo("delivery_district")
        self.detail = self._edit("delivery_detail", tr("街道、门牌号、楼栋和房号"), 120)
        self.recipient = self._edit("delivery_recipient", tr("收件人姓名"), 40)
        self.phone = self._edit("delivery_phone", tr("11位手机号码"), 11)
        rows = (
            (tr("省份"), self.province, tr("城市"), self.city),
            (tr("区县"), self.district, tr("收件人"), self.recipient),
            (tr("详细地址"), self.detail, tr("手机号码"), self.phone),
        )
        for r, (a, wa, b, wb) in enumerate(rows):
            grid.addWidget(QLabel(a, self), r, 0)
            grid.addWidget(wa, r, 1)
            grid.addWidget(QLabel(b, self), r, 2)
            grid.addWidget(wb, r, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        for d in self.table.provinces:
            self.province.addItem(d.name, d.code)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.city.currentIndexChanged.connect(self._city_changed)
        self.clear()

    def _combo(self, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setMinimumContentsLength(8)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return box

    def _edit(self, name: str, hint: str, limit: int) -> QLineEdit:
        ed = QLineEdit(self)
        ed.setObjectName(name)
        ed.setPlaceholderText(hint)
        ed.setMaxLength(limit)
        return ed

    # ---- the choosers ------------------------------------------------------------------
    @staticmethod
    def _fill(box: QComboBox, rows, typed: bool) -> None:
        box.blockSignals(True)
        box.clear()
        box.setEditable(typed)
        for d in rows:
            box.addItem(d.name, d.code)
        if typed:
            box.setEditText("")
            box.lineEdit().setPlaceholderText(tr("请输入"))
        box.blockSignals(False)

    def _province_changed(self) -> None:
        code = self.province.currentData() or ""
        broken_down = self.table.broken_down(code)
        self._fill(self.city, self.table.below(code), typed=not broken_down)
        self._city_changed()

    def _city_changed(self) -> None:
        province = self.province.currentData() or ""
        if not self.table.broken_down(province):
            self._fill(self.district, (), typed=True)
            return
        districts = self.table.below(self.city.currentData() or "")
        self._fill(self.district, districts, typed=False)
        self.district.setEnabled(bool(districts))  # 东莞市, 中山市: no districts

    def choose(self, province: str, city: str = "", district: str = "") -> None:
        """Select by codes (a case's saved address, the tour)."""
        self.province.setCurrentIndex(max(0, self.province.findData(province)))
        self._province_changed()
        if city:
            self.city.setCurrentIndex(max(0, self.city.findData(city)))
        if district:
            self.district.setCurrentIndex(max(0, self.district.findData(district)))

    # ---- the address -----------------------------------------------------------------
    def clear(self, recipient: str = "", phone: str = "") -> None:
        """Nothing of the last applicant's address: the hall's province, the given
        recipient and phone (the applicant's, from the card and the form)."""
        self.choose(DEFAULT_PROVINCE)
        self.detail.clear()
        self.recipient.setText(recipient)
        self.phone.setText(phone)

    def show_delivery(self, d: Delivery) -> None:
        """A structured address chosen before (back on the page)."""
        self.choose(d.province_code, d.city_code, d.district_code)
        if self.city.isEditable():
            self.city.setEditText(d.city)
        if self.district.isEditable():
            self.district.setEditText(d.district)
        self.detail.setText(d.detail)
        self.recipient.setText(d.recipient_name)
        self.phone.setText(d.recipient_phone)

    def delivery(self) -> Delivery:
        """The checked 邮寄送达 (DeliveryError names what is wrong)."""
        typed_city = self.city.isEditable()
        typed_district = self.district.isEditable()
        return express_delivery(
            self.table,
            province_code=self.province.currentData() or "",
            city_code="" if typed_city else self.city.currentData() or "",
            city_name=self.city.currentText() if typed_city else "",
            district_code="" if typed_district else self.district.currentData() or "",
            district_name=self.district.currentText() if typed_district else "",
            detail=self.detail.text(),
            recipient_name=self.recipient.text(),
            phone=self.phone.text(),
        )
