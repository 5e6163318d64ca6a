# Two entry points (see README): `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps clean

# Debian packages the project needs (fonts with Vietnamese glyphs for the PDF tests; chromium
# for the browser tests of the HTML report, driven by Playwright at /usr/bin/chromium; Tesseract,
# its Vietnamese model and its orientation model for OCR of scanned pages), and those installed
# without their recommends (LibreOffice headless converts old Word .doc files; its recommends
# would bring a desktop).
# gcc, and the Python headers when this Python lacks them (Debian's python3.11 without
# python3.11-dev), build the mypyc extensions of setup.py.
PY_HEADERS_PKG := $(shell $(PYTHON) -c "import os, sys, sysconfig; h = os.path.join(sysconfig.get_paths()['include'], 'Python.h'); print('' if os.path.exists(h) else 'python%d.%d-dev' % sys.version_info[:2])" 2>/dev/null)
APT_PACKAGES := fonts-dejavu-core chromium tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd gcc $(PY_HEADERS_PKG)
APT_PACKAGES_LEAN := libreoffice-writer-nogui

system-deps:
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); updated=""; \
	for group in "$(APT_PACKAGES)" "--no-install-recommends $(APT_PACKAGES_LEAN)"; do \
	  missing=""; for p in $${group#--no-install-recommends }; do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	  [ -z "$$missing" ] && continue; \
	  echo "installing Debian packages:$$missing"; \
	  [ -n "$$updated" ] || { $$SUDO apt-get update -qq && updated=1; } || exit 1; \
	  opts=""; case "$$group" in --no-install-recommends*) opts=--no-install-recommends;; esac; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$opts $$missing >/dev/null || exit 1; \
	done

# setup.py compiles the text stages with mypyc into C extensions beside their sources (its
# COMPILED list); a changed source rebuilds them, so an extension never runs older code than its .py
COMPILED_SOURCES := $(shell $(PYTHON) -c "import runpy; print(*runpy.run_path('setup.py', run_name='make')['COMPILED'])" 2>/dev/null)

$(STAMP): pyproject.toml setup.py $(COMPILED_SOURCES)
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
	find extractors pipeline -name '*.so' -delete
