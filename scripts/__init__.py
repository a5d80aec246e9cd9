"""Developer scripts: bootstrap, sample and evaluation-set generators, translations."""
