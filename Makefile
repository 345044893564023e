# dx-plans: two commands on a fresh machine (Python 3.11, git, make):
#   make serve   set up, then serve the site at http://127.0.0.1:8000/ (make build: into site/)
#   make test    set up, then run every test (unit, data, build, browser)
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test browser-deps clean lock

# Every package is checked against its hash in requirements.lock and installed from a wheel (no
# package's own build step runs, and none fetches build tools of its own). The project itself is
# built by the setuptools and wheel pinned in the lock (--no-build-isolation), not by whatever is newest.
$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all: -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

check: setup
	$(BIN)/dxplans check

# The preview starts even when check finds problems: it shows them in the browser until they are
# fixed (macros/mkdocs/preview.py), and reloads the open page after every saved edit in docs/ or data/.
serve: setup
	-@$(BIN)/dxplans check || echo "(the preview shows these problems on its pages until they are fixed)"
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# Built beside site/ and swapped in only on success: a failed build leaves site/ as it was.
build: check
	$(BIN)/python tools/build_atomic.py

# Debian's chromium for the browser tests (never `playwright install`: it cannot download here),
# and GNU time, which tools/bench.py (run at N = 5 by the tests) measures builds with.
browser-deps:
	@if ! command -v chromium >/dev/null || [ ! -x /usr/bin/time ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-noto-cjk time; \
	fi

test: setup browser-deps
	$(BIN)/python -m pytest

# Re-resolve requirements.in into requirements.lock with every file's sha256 (after adding a package
# to requirements.in, or to take upgrades: make lock LOCK_ARGS=--upgrade). pip-tools runs from a
# venv of its own, so it never enters the project's.
LOCK_TOOL := .venv-lock
lock:
	@test -x $(LOCK_TOOL)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOL) && \
	  $(LOCK_TOOL)/bin/pip install --quiet --disable-pip-version-check pip-tools==7.6.2; }
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOL)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o requirements.lock requirements.in

clean:
	rm -rf site $(VENV) $(LOCK_TOOL) .pytest_cache
