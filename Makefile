# supportsite: the README's commands. Each target does its own set-up on a fresh machine:
# creates .venv (never deletes one), reinstalls the project when pyproject.toml is newer than the stamp,
# and installs the test-only npm packages (axe-core, opening_hours, the status widget) when node_modules/ is
# missing or older than package-lock.json.
#   make site     build the default site into site/ (mkdocs build --strict)
#   make test     run the whole test suite (browser tests need Debian's chromium at /usr/bin/chromium)
#   make serve    live preview on http://127.0.0.1:8000/, rebuilt on every change
#   make check    validate site_config/ and every Markdown source without building
#   make golden   rewrite the golden files from the current output, then re-run those tests

PYTHON ?= python3
# Material 9.8 prints its end-of-life notice (2027-05-05) on every build; the README's "Upgrades, and the move
# off Material" says what the move would touch, so the notice is known and need not fill every build log.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.supportsite-installed
THEME := $(VENV)/.supportsite-theme-compiled
VOIKKO := /usr/lib/voikko/5/mor-standard/mor.vfst
NODE_MODULES := node_modules/.package-lock.json
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per CPU, each test file in one of them, so that a file's module-scoped site is
# built once. PYTEST_WORKERS=0 runs every test in pytest's own process (--pdb needs it).
PYTEST_WORKERS ?= auto
SERVE_ADDR ?= 127.0.0.1:8000
# Test modules that write their golden files when SUPPORTSITE_REGEN=1 is set.
GOLDEN_TESTS = $(shell grep -rlE --include='test_*.py' 'SUPPORTSITE_REGEN' tests)

.PHONY: site test serve check golden setup

site: $(THEME)
	$(BIN)/mkdocs build --strict

# pytest's exit code is passed on; 5 (no test collected) is an error here, never a pass.
test: $(THEME) $(NODE_MODULES)
	@$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no test" >&2; fi; \
	exit $$rc

serve: $(THEME)
	$(BIN)/mkdocs serve --dirty -a $(SERVE_ADDR)

check: $(THEME)
	$(BIN)/supportsite check

golden: $(THEME)
	@test -n "$(GOLDEN_TESTS)" || { echo "make golden: no test writes golden files yet" >&2; exit 1; }
	SUPPORTSITE_REGEN=1 $(BIN)/pytest $(GOLDEN_TESTS)
	$(BIN)/pytest $(GOLDEN_TESTS)

setup: $(THEME) $(NODE_MODULES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# After installing: simplemma's Swedish dictionary as a trie in the environment, which the search's Swedish
# analyser opens at once (hooks/tools/swedishlexicon.py); without it, it opens the packed one, slower. A second
# try when the first fails: a download cut short by the registry fails its hash check, and pip does not retry that.
$(STAMP): pyproject.toml | $(BIN)/python $(VOIKKO)
	$(BIN)/python -m pip install --disable-pip-version-check -e '.[test]' \
	  || $(BIN)/python -m pip install --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m hooks.tools.swedishlexicon
	touch $@

# Material's templates compiled into the environment (hooks/compiledtheme.py), which a fresh clone's build
# loads instead of compiling them; again after each install, which may bring another Material or Jinja.
$(THEME): $(STAMP) hooks/compiledtheme.py
	$(BIN)/python -m hooks.compiledtheme
	touch $@

# The search analyses Finnish with Voikko: Debian's C library and its Finnish dictionary (no PyPI package has them).
$(VOIKKO):
	@if [ "$$(id -u)" -eq 0 ]; then apt-get install -y -q --no-install-recommends libvoikko1 voikko-fi \
	  || { apt-get update -q && apt-get install -y -q --no-install-recommends libvoikko1 voikko-fi; }; \
	else sudo apt-get install -y -q --no-install-recommends libvoikko1 voikko-fi; fi

# npm writes node_modules/.package-lock.json as it installs: npm ci (which empties node_modules/ first) runs only
# when that is missing or package-lock.json is newer, as after a test package was added, never on every run.
$(NODE_MODULES): package-lock.json
	npm ci --no-audit --no-fund
	touch $@
