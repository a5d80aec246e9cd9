"""Qt pieces the kiosk and the counter share."""
