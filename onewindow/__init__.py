"""OneWindow (一窗通): the command line and the wiring of one device's parts."""

__version__ = "0.1.0"
