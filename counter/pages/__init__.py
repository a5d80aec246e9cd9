"""The counter's pages, one module each: signin, card, item, materials, done, evaluate,
cases, prints and pickup (出件)."""
