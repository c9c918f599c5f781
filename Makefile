# The two commands of the quick start are `make demo` and `make test`; both set up
# what they need first (scripts/bootstrap.sh installs only what is missing).
VENV ?= .venv
PY := $(VENV)/bin/python
BENCH_MAILS ?= 200

.PHONY: setup setup-test services demo test lint pytest bench eval clean

setup:
	@scripts/bootstrap.sh

setup-test:
	@scripts/bootstrap.sh --test

services: setup-test
	@scripts/services.sh

demo: setup
	$(VENV)/bin/madoguchi demo --once

test: services lint pytest

lint: setup-test
	$(VENV)/bin/ruff check madoguchi tests bench evaluation
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

pytest: setup-test
	$(PY) -m pytest

bench: services
	$(PY) -m bench --mails $(BENCH_MAILS)

eval: setup-test
	$(PY) -m evaluation

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
