"""An electronic form (电子表单) rendered from the catalog's field list.

On the kiosk (``reveal=True``) the values read from the card that are
personal (name, ID number, birth date, address) are shown masked, with one
显示 button that shows them only while held; the fields the citizen types
stay visible. With ``touch=True`` a choice is a row of big toggle buttons,
not a drop-down list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from core.catalog import FieldType, FormField
from core.identity import mask_address, mask_date, mask_id_number, mask_name, mask_phone
from core.intake import check_form
from core.messages import translated
from widgets.choice_buttons import ChoiceButtons
from widgets.i18n import tr
from widgets.keyboard.layouts import DATE, layout_for
from widgets.reveal import HoldToShow

# The card's personal values and how each is masked on a kiosk screen.
PERSONAL_MASKS: dict[str, Callable[[str], str]] = {
    "name": mask_name,
    "id_number": mask_id_number,
    "birth": mask_date,
    "address": mask_address,
}


# Typed values that are personal whoever they belong to, masked when read back.
TYPED_MASKS: dict[FieldType, Callable[[str], str]] = {
    FieldType.ID_NUMBER: mask_id_number,
    FieldType.PHONE: mask_phone,
    FieldType.ADDRESS: mask_address,
}


def masked_value(f: FormField, value: str, *, typed: bool = False) -> str:
    """``value`` of field ``f`` as a kiosk screen shows it: the card's personal values
    masked, and with ``typed`` (a summary read back) typed ID numbers, phones and
    addresses too."""
    if f.prefill in PERSONAL_MASKS:
        return PERSONAL_MASKS[f.prefill](value)
    if f.type is FieldType.ID_NUMBER or (typed and f.type in TYPED_MASKS):
        return TYPED_MASKS[f.type](value)
    return value


class FormView(QWidget):
    """Fields for one item; prefilled values from the card are read-only.

    ``masked`` shows ID numbers masked (screens face a queue); ``reveal``
    masks every personal value read from the card and adds the 按住显示
    button (``reveal_btn``). Each line edit carries the on-screen keyboard
    layout its field type asks for (the ``keyboard`` property). GUI thread only.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        masked: bool = True,
        touch: bool = False,
        reveal: bool = False,
    ) -> None:
        super().__init__(parent)
        self.masked = masked or reveal
        self.touch = touch  # no hardware keyboard: dates come from the picker only
        self.layout_ = QFormLayout(self)
        self.layout_.setVerticalSpacing(10)
        # A long label (股东（发起人）姓名及出资比例) wraps, and when the column is still
        # too narrow its field goes below it: the form never scrolls sideways.
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.reveal = reveal
        self.reveal_btn: HoldToShow | None = None  # made with each form (its row owns it)
        self.fields: list[FormField] = []
        self.editors: dict[str, QLineEdit | QComboBox | ChoiceButtons] = {}
        self.errors: dict[str, QLabel] = {}
        self.values: dict[str, str] = {}

    def set_form(self, fields: list[FormField], values: dict[str, str]) -> None:
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.fields, self.values = list(fields), dict(values)
        self.editors.clear()
        self.errors.clear()
        if self.reveal:
            self.reveal_btn = HoldToShow(self, name="form_reveal")  # the old one went with its row
            # One row across both columns: the hint must not widen the labels' column.
            row = QWidget(self)
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            hint = QLabel(tr("身份证上的信息已部分隐藏，按住“显示”查看"), row)
            hint.setProperty("role", "hint")
            hint.setWordWrap(True)
            h.addWidget(hint, 1)
            self.reveal_btn.setParent(row)
            h.addWidget(self.reveal_btn)
            self.layout_.addRow(row)
            self._reveal_hint = row
        for f in fields:
            value = values.get(f.key, "")
            if f.type is FieldType.CHOICE:
                ed: QLineEdit | QComboBox | ChoiceButtons = (
                    ChoiceButtons(self) if self.touch else QComboBox(self)
                )
                if isinstance(ed, QComboBox):  # as narrow as its column, not its longest choice
                    ed.setSizeAdjustPolicy(
                        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                    )
                    ed.setMinimumContentsLength(4)
                ed.addItem(tr("请选择"), "")
                for c in f.choices:
                    ed.addItem(c, c)
                idx = ed.findData(value)
                ed.setCurrentIndex(max(idx, 0))
            else:
                ed = QLineEdit(self)
                prefilled = f.prefill is not None and bool(value)
                if prefilled and self.reveal_btn is not None:
                    self.reveal_btn.add(ed, value, masked_value(f, value))
                elif prefilled and self.masked and f.type is FieldType.ID_NUMBER:
                    ed.setText(mask_id_number(value))
                else:
                    ed.setText(value)
                ed.setProperty("prefilled", prefilled)
                ed.setProperty("keyboard", layout_for(f.type))
                # A date is picked, never typed: read-only to keys, set by the picker.
                ed.setReadOnly(prefilled or (self.touch and f.type is FieldType.DATE))
                if prefilled:
                    ed.setToolTip(tr("已从身份证读取"))
                if f.type is FieldType.PHONE:
                    ed.setMaxLength(13)
                    ed.setPlaceholderText(tr("点这里，用屏幕键盘输入"))
                elif f.type is FieldType.ID_NUMBER:
                    ed.setMaxLength(18)
                elif self.touch and ed.property("keyboard") == DATE:
                    ed.setPlaceholderText(tr("点这里，用加减按钮选日期"))
            ed.setObjectName(f"field_{f.key}")
            err = QLabel("", self)
            err.setProperty("role", "error")
            err.hide()
            label = QLabel(f.label + ("" if not f.required else " *"), self)
            label.setWordWrap(True)
            label.setBuddy(ed)
            self.layout_.addRow(label, ed)
            self.layout_.addRow("", err)
            self.editors[f.key] = ed
            self.errors[f.key] = err

        if self.reveal_btn is not None:
            self._reveal_hint.setVisible(self.reveal_btn.has_values)

    def current_values(self) -> dict[str, str]:
        out = dict(self.values)
        for f in self.fields:
            ed = self.editors[f.key]
            if isinstance(ed, (QComboBox, ChoiceButtons)):
                out[f.key] = ed.currentData() or ""
            elif not ed.property("prefilled"):
                out[f.key] = ed.text().strip()
        return out

    def validate(self) -> dict[str, str]:
        """Show each field's problem under it; returns key → message."""
        problems = check_form(self.fields, self.current_values())
        for key, lab in self.errors.items():
            msg = problems.get(key, "")
            lab.setText(translated(msg, tr) if msg else "")
            lab.setVisible(bool(msg))
            ed = self.editors[key]
            ed.setProperty("invalid", bool(msg))
            ed.style().unpolish(ed)
            ed.style().polish(ed)
        return problems

    def first_editable(self) -> QLineEdit | None:
        for f in self.fields:
            ed = self.editors[f.key]
            if isinstance(ed, QLineEdit) and not ed.property("prefilled"):
                return ed
        return None

    def line_editors(self) -> list[QLineEdit]:
        """The fields a keyboard types into (not the ones read from the card)."""
        return [
            ed
            for ed in self.editors.values()
            if isinstance(ed, QLineEdit) and not ed.property("prefilled")
        ]
