"""Application services: the Qt-free use-cases both apps call.

Submitting a case, the print spooler, pickup (出件), and the device's runtime
that wires config, store, devices and sync together. Below the widgets, above
the engines (core, drivers, sync); any thread unless a function says otherwise.
"""
