"""Marking text for translation without Qt.

Chinese strings that reach the screen from core/, drivers/ or sync/ (device
status messages, warnings) are wrapped in ``N_`` where they are written, so
``scripts/update_translations.py`` collects them; the Qt side translates them
with ``widgets.i18n.tr`` where they are shown.
"""


def N_(text: str) -> str:
    """Return ``text`` unchanged; marks it for the translation catalogue."""
    return text
