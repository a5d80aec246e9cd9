"""The citizen's self-service kiosk app."""
