# The two entry points. Each creates .venv and installs what it needs by itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test test-slow test-all lint leaderboard perf power install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "khabar-bench needs Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The tests, in two tiers: `make test` is the fast tier (about a minute on 2 cores: every
# feature keeps at least one end-to-end test of the installed `khabar` there), `make
# test-slow` the tests marked `slow` (redundant or costly variants: the README
# walkthrough, whole-corpus and load runs), `make test-all` both; CI runs both tiers.
# pytest-xdist spreads the tests over the cores: XDIST= runs them in one process.
XDIST ?= -n auto --dist loadfile

# ruff and mypy (configured in pyproject.toml); `make test` and `make test-all` run them
# first, so CI does.
lint: $(STAMP)
	$(BIN)/ruff check benchmark runners tests
	$(BIN)/mypy

test: lint
	tests/tools/fetch_conlleval.sh $(BIN)/python || true
	$(BIN)/python -m pytest -q $(XDIST) -m "not slow"

test-slow: $(STAMP)
	tests/tools/fetch_conlleval.sh $(BIN)/python || true
	$(BIN)/python -m pytest -q $(XDIST) -m slow

test-all: lint
	tests/tools/fetch_conlleval.sh $(BIN)/python || true
	$(BIN)/python -m pytest -q $(XDIST)

leaderboard: $(STAMP)
	$(BIN)/khabar validate
	$(BIN)/khabar stats
	$(BIN)/khabar leaderboard --out reports
	$(BIN)/khabar robustness rules duckling dateparser --n 2 --out reports

# Statistical power of the corpus (interval widths, minimal detectable differences):
# rewrites reports/power.md (tests/stats/power.py; about two minutes).
power: $(STAMP)
	$(BIN)/python tests/stats/power.py --out reports/power.md

# The performance scripts (tests/perf/, run as scripts, never collected by pytest, so
# `make test` never runs them). Each rewrites its own section of the published
# reports/perf.md (run alone, a script writes khabar-reports/perf.md) and exits 1 when
# its target is not met; every script runs, the status comes at the end.
PERF := scoring runner_overhead openai_runner llm_faults llm_cost e2e growth cli_startup make_targets
PERF_OUT := reports/perf.md

perf: $(STAMP)
	@status=0; for s in $(PERF); do \
	  case $$s in openai_runner|llm_faults|runner_overhead) opt=--report;; *) opt=--out;; esac; \
	  echo "== tests/perf/$$s.py $$opt $(PERF_OUT)"; \
	  $(BIN)/python tests/perf/$$s.py $$opt $(PERF_OUT) || { echo "!! $$s: exit $$?"; status=1; }; \
	done; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
