# The two entry points. Each creates .venv and installs what it needs by itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test leaderboard install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "khabar-bench needs Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	tests/tools/fetch_conlleval.sh $(BIN)/python || true
	$(BIN)/python -m pytest -q

leaderboard: $(STAMP)
	$(BIN)/khabar validate
	$(BIN)/khabar stats
	$(BIN)/khabar leaderboard --out reports
	$(BIN)/khabar robustness rules duckling dateparser --n 2 --out reports

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
