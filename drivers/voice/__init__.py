"""Spoken guidance: the voice device's owner (device) and speech-dispatcher (ssip)."""
