"""ID card readers: GA/T 467 SAM readers, PC/SC social security cards, virtual."""
