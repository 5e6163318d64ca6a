# Two entry points (see README): `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps clean

# Debian packages the project needs (fonts with Vietnamese glyphs for the PDF tests; chromium
# for the browser tests of the HTML report, driven by Playwright at /usr/bin/chromium; Tesseract
# and its Vietnamese model for OCR of scanned pages).
APT_PACKAGES := fonts-dejavu-core chromium tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: system-deps $(STAMP)

run: setup
	$(VENV)/bin/baocao run corpora/ --out data/

# pytest's exit code 5 (no tests collected) is reported and fails like any other failure
test: setup
	@$(PY) -m pytest -q tests; rc=$$?; \
	if [ $$rc = 5 ]; then echo "make test: pytest collected no tests" >&2; fi; exit $$rc

clean:
	rm -rf $(VENV) data build *.egg-info
