# The README's two commands: `make demo` and `make test`. Both bootstrap
# everything they need (system packages when root, .venv, the package).
.PHONY: bootstrap demo test check lint format tour bench clean

VENV := .venv/bin

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	@$(VENV)/onewindow demo

test: bootstrap
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(VENV)/python -m pytest -q

# Fast feedback while working: lint, layers and the unit tests (under a minute).
check: bootstrap
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(VENV)/python -m pytest -q -m "not slow and not integration"

lint: bootstrap
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

tour: bootstrap
	QT_QPA_PLATFORM=offscreen $(VENV)/onewindow tour --out tour

clean:
	rm -rf var tour .pytest_cache .ruff_cache
