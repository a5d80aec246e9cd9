"""An electronic form (电子表单) rendered from the catalog's field list."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from core.catalog import FieldType, FormField
from core.identity import mask_id_number
from core.intake import check_form
from core.messages import translated
from widgets.i18n import tr
from widgets.keyboard.layouts import DATE, layout_for


class FormView(QWidget):
    """Fields for one item; prefilled values from the card are read-only.

    ``masked`` shows ID numbers masked (kiosk screens face a queue). Each line
    edit carries the on-screen keyboard layout its field type asks for (the
    ``keyboard`` property); ``editors_added`` hands them to a keyboard. GUI
    thread only.
    """

    def __init__(
        self, parent: QWidget | None = None, *, masked: bool = True, touch: bool = False
    ) -> None:
        super().__init__(parent)
        self.masked = masked
        self.touch = touch  # no hardware keyboard: dates come from the picker only
        self.layout_ = QFormLayout(self)
        self.layout_.setVerticalSpacing(10)
        self.fields: list[FormField] = []
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.values: dict[str, str] = {}

    def set_form(self, fields: list[FormField], values: dict[str, str]) -> None:
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.fields, self.values = list(fields), dict(values)
        self.editors.clear()
        self.errors.clear()
        for f in fields:
            value = values.get(f.key, "")
            if f.type is FieldType.CHOICE:
                ed: QLineEdit | QComboBox = QComboBox(self)
                ed.addItem(tr("请选择"), "")
                for c in f.choices:
                    ed.addItem(c, c)
                idx = ed.findData(value)
                ed.setCurrentIndex(max(idx, 0))
            else:
                ed = QLineEdit(self)
                prefilled = f.prefill is not None and bool(value)
                shown = (
                    mask_id_number(value)
                    if (prefilled and self.masked and f.type is FieldType.ID_NUMBER)
                    else value
                )
                ed.setText(shown)
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
            label = f.label + ("" if not f.required else " *")
            self.layout_.addRow(label, ed)
            self.layout_.addRow("", err)
            self.editors[f.key] = ed
            self.errors[f.key] = err

    def current_values(self) -> dict[str, str]:
        out = dict(self.values)
        for f in self.fields:
            ed = self.editors[f.key]
            if isinstance(ed, QComboBox):
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
