"""A4 printers (证明打印): PDFs through CUPS, a virtual one for the demo, their owner.

``base.A4Printer`` is the interface (I/O methods on the A4 printer's own
thread, asserted like the other devices'); ``cups.CupsPrinter`` hands a PDF
to a CUPS queue with ``lp`` and reads its state with ``lpstat`` (Debian's
cups-client), for ``cups://QUEUE`` and ``ipp://host[:port]/printers/QUEUE``;
the virtual one (``emulators.virtual_a4``) writes the PDFs to a folder.
``device.A4Device`` owns the configured backend and its ``ow-a4`` thread.
See docs/printing.md.
"""
