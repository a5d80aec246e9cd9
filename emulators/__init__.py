"""Virtual devices and protocol emulators, outside the production driver path.

The virtual ID reader and sample cards, the GA/T 467 reader emulator on a
pseudo-terminal, the virtual social-security card behind pcscd + vpcd, the
virtual camera playing sample photos, and the virtual ESC/POS network printer
that decodes what it receives. Imported by the demo, the tour, the tests and
the ``virtual`` backends registered in pyproject's entry points, never by
production drivers.
"""
