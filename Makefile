# The README's two commands: `make demo` and `make test`. Both bootstrap
# everything they need (system packages when root, .venv, the package).
.PHONY: bootstrap demo test test-postgresql check lint format tour bench clean lock lock-lowest test-lowest wheel deb

VENV := .venv/bin
# Test modules spread over four workers (pytest-xdist), a module kept on one worker
# so its module-scoped servers start once, the longest modules handed out first
# (tests/conftest.py); four even on two cores, since much of the suite waits on
# child processes and sockets. A worker that crashes ends the run at once (xdist's
# replacement worker was seen to leave the run waiting forever).
# `make test PARALLEL=` runs serially.
PARALLEL ?= -n 4 --dist loadfile --no-loadscope-reorder --max-worker-restart 0

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	@$(VENV)/onewindow demo

test: bootstrap
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(VENV)/python -m pytest -q $(PARALLEL)

# Every other back-office module on PostgreSQL too (make test runs the store's
# concurrency and migrations, the HTTP API and the two-worker upload on both
# engines); CI runs it after `make test`.
test-postgresql: bootstrap
	ONEWINDOW_TEST_ENGINES=all QT_QPA_PLATFORM=offscreen $(VENV)/python -m pytest -q $(PARALLEL) \
		-m postgresql_later

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

# The lock files: requirements.lock is what the bootstrap installs and CI
# tests; requirements-app.lock is its runtime part (no dev tools) that the
# Debian package installs; requirements-lowest.lock holds the lowest versions pyproject.toml's
# bounds allow. `make lock` keeps the existing pins where they still fit;
# `make lock UPGRADE=1` moves everything to the newest versions.
UV_COMPILE = $(VENV)/uv pip compile pyproject.toml --extra dev --extra backoffice \
	--generate-hashes --universal --python-version 3.11 -q

lock: bootstrap
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) -o requirements.lock
	$(VENV)/uv pip compile pyproject.toml --extra backoffice --generate-hashes --universal \
		--python-version 3.11 -q -c requirements.lock -o requirements-app.lock

lock-lowest: bootstrap
	$(UV_COMPILE) --resolution lowest-direct -o requirements-lowest.lock

# The whole suite against the lowest versions, in its own environment.
test-lowest: bootstrap
	test -x .venv-lowest/bin/python || python3 -m venv .venv-lowest
	.venv-lowest/bin/python -m pip install -q --require-hashes -r requirements-lowest.lock
	.venv-lowest/bin/python -m pip install -q --no-deps --no-build-isolation -e . \
		--config-settings editable_mode=lenient
	QT_QPA_PLATFORM=offscreen .venv-lowest/bin/python -m pytest -q $(TESTS)

wheel: bootstrap
	$(VENV)/python -m pip wheel -q --no-deps . -w dist

# The Debian package (deploy/build_deb.py, docs/deploy.md) in dist/.
deb: bootstrap
	$(VENV)/python deploy/build_deb.py --out dist

clean:
	rm -rf var tour dist build .pytest_cache .ruff_cache
