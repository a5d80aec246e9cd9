"""The clerk's comprehensive-window (综合窗口) app."""
