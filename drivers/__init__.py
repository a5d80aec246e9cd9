"""Hardware: ID readers, cameras, printers, each behind one small interface.

Each kind has real backends and a virtual one (used by the demo and the
tests). ``drivers.manager.DeviceManager`` creates them from config, runs each
device's I/O on its own single thread and reports health.
"""
