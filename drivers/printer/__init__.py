"""Receipt printers: layout, ESC/POS text and raster output, transports, status.

``render.document_bytes`` turns a ``core.receipt.Document`` into the bytes a
printer gets (text mode with the printer's GB18030 font, characters it lacks
as inline bit images; or the whole document as a raster image);
``escpos_printer.EscposPrinter`` sends them over a transport chosen by URI
(``transport``: tcp://, usb://, serial://, file://) after checking the
status (``status``: DLE EOT 1-4). The virtual printer that decodes what it
receives lives in ``emulators.virtual_printer``. See docs/printing.md.
"""
