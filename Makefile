# Mesoguide: `make help` lists the targets. `make run` and `make test` are all you need.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Development commands run with DEBUG on, so they need no secret key.
DEV_ENV := DJANGO_DEBUG=true

# The first Python 3.12+ found: python3.13, python3.12, python3, then pyenv's installed versions.
# (A pyenv shim for a version that is not selected fails to run, so each is tried, not trusted.)
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
PYTHON := $(shell for p in python3.13 python3.12 python3 \
	$$(ls -d $(PYENV_ROOT)/versions/3.*/bin/python3 2>/dev/null | sort -rV); do \
	  if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v "$$p"; break; fi; done)

.PHONY: help run serve test lint format check-content messages bench mutation bootstrap-css clean python

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Mesoguide needs Python 3.12 or newer, and none was found."; \
	  echo "Install Python 3.12+ (e.g. 'pyenv install 3.12' or your system's python3.12 package), then run make again."; \
	  exit 1; fi

$(VENV)/.installed: requirements.txt | python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed ## Serve the site with DEBUG on at http://127.0.0.1:8000 (content edits show on reload)
	$(DEV_ENV) $(PY) manage.py compiletranslations
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

serve: $(VENV)/.installed ## Production-like: DEBUG off, collectstatic, gunicorn (gthread) + whitenoise on 127.0.0.1:8000
	@export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	  DJANGO_SECURE_SSL_REDIRECT=false; \
	$(PY) manage.py compiletranslations && \
	$(PY) manage.py collectstatic --no-input --clear -v 0 && \
	$(PY) manage.py migrate --no-input -v 0 && \
	echo "Serving production-like at http://$(HOST):$(PORT) (DEBUG off)" && \
	exec $(VENV)/bin/gunicorn mesoguide.wsgi --config mesoguide/gunicorn.conf.py --bind $(HOST):$(PORT) \
	  --workers 2 --no-control-socket --access-logfile -

test: $(VENV)/.installed-dev ## Lint, layer contracts, Django checks, content check and the whole test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(DEV_ENV) $(PY) manage.py check
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(PY) manage.py compiletranslations --check
	$(DEV_ENV) $(PY) manage.py checkcontent
	$(VENV)/bin/pytest

lint: $(VENV)/.installed-dev ## Run ruff (lint, complexity, format check) and the layer contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-dev ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-content: $(VENV)/.installed ## Check every content file and print each page's reading grade
	$(DEV_ENV) $(PY) manage.py checkcontent --grades

messages: $(VENV)/.installed ## Add new interface strings to locale/es/LC_MESSAGES/django.po (needs gettext), then compile
	$(DEV_ENV) $(PY) manage.py updatetranslations
	$(DEV_ENV) $(PY) manage.py compiletranslations

bench: $(VENV)/.installed-dev ## Run the benchmarks in bench/ (see README: Performance)
	$(PY) bench/run_all.py

mutation: $(VENV)/.installed-dev ## Mutation-test the engine's validation and loading (slow; not part of make test)
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2
	$(PY) bench/mutation_score.py

bootstrap-css: ## Rebuild static/vendor/bootstrap/bootstrap.min.css from its SCSS subset (needs npm)
	@tmp=$$(mktemp -d) && cd $$tmp && npm init -y >/dev/null && \
	  npm install --silent --no-audit --no-fund bootstrap@5.3.9 sass@1.108.2 && \
	  { echo '/*! Bootstrap v5.3.9 (https://getbootstrap.com/), MIT License (see LICENSE). Subset built from mesoguide-bootstrap.scss. */'; \
	    ./node_modules/.bin/sass --style=compressed --no-source-map --no-charset --quiet-deps \
	      --silence-deprecation=import,global-builtin,color-functions \
	      --load-path=node_modules $(CURDIR)/static/vendor/bootstrap/mesoguide-bootstrap.scss; } \
	  > $(CURDIR)/static/vendor/bootstrap/bootstrap.min.css && rm -rf $$tmp
	@wc -c static/vendor/bootstrap/bootstrap.min.css

clean: ## Remove the virtual environment and collected static files
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
