"""The kiosk's pages, one module each: home, card, items, guide, form, scan, confirm, done."""
