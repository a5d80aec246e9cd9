"""Capture sources (OpenCV, virtual), later document detection and clean-up."""
