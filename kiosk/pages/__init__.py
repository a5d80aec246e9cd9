"""The kiosk's pages, one module each: home, consent, card, items, guide, form, scan,
confirm, done."""
