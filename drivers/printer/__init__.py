"""Receipt printers: ESC/POS text and raster output, status, a virtual network printer.

``render.document_bytes`` turns a ``core.receipt.Document`` into the bytes a
printer gets (text mode with the printer's GB18030 font, or a raster image);
``network.NetworkPrinter`` sends them to a tcp:// printer after checking its
status; ``virtual_server.VirtualPrinterServer`` is a real TCP printer that
decodes what it receives into transcripts and PNG previews.
"""
