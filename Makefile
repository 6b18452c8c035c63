# Every target bootstraps .venv itself, so each works from a fresh clone.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
# Every dependency, runtime and the dev extra, at an exact version with its hashes, for
# Python 3.11 on Linux x86_64: compiled from pyproject.toml by `make lock`, installed by
# every target, so a clone installs next month what CI installs today.
LOCK := requirements/lock.txt

.PHONY: run test fuzz lint pre-commit format ci migrations-check deploy-check schema-check \
	bench install lock

$(STAMP): $(LOCK) pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Recompiles the lock from pyproject.toml with every package at its newest allowed
# release (PyPI only; the bench's peer in bench/peer/ is never part of it).
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --upgrade --generate-hashes \
		--python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
		--custom-compile-command "make lock" --output-file $(LOCK)

# Development settings for manage.py and the server, written once and never overwritten:
# DEBUG=true and a generated SECRET_KEY, mode 0600 (git-ignored). The environment wins.
.env:
	umask 077 && printf '%s\n' '# Development only (`make run` wrote it): never use it in production.' 'DEBUG=true' "SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

# The development server on SQLite (unless DATABASE_URL says otherwise).
run: $(STAMP) .env
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py ensure_demo_user
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The property tests and schemathesis with a larger budget than `make test` gives them
# (FUZZ_EXAMPLES cases per test, 25 there); prints the cases each test tried.
FUZZ_EXAMPLES ?= 500
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/fuzz -q -p no:cacheprovider \
		--hypothesis-show-statistics $(PYTEST_ARGS)

# mypy loads the settings (django-stubs): DEBUG=true, as for migrations-check.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(VENV)/bin/mypy

# Every git hook of .pre-commit-config.yaml on every file (`.venv/bin/pre-commit install`
# runs them on each commit's files).
pre-commit: $(STAMP)
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# What production would start with: no DEBUG, a real key, TLS everywhere.
deploy-check: $(STAMP)
	DEBUG=false HTTPS_ONLY=true SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		OIDC_RSA_PRIVATE_KEY="$$($(PY) -c 'from oauthapps.oidc.keys import new_private_key_pem; print(new_private_key_pem())')" \
		$(PY) manage.py check --deploy --fail-level WARNING

# The OpenAPI document must describe every /v1 endpoint without a warning.
schema-check: $(STAMP)
	DEBUG=true $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

ci: lint migrations-check deploy-check schema-check test

# Every benchmark in one run, then bench/RESULTS.md from it (about 5 minutes; loopback
# only; installs wrk with apt-get when root, else asks). BENCH_LOG_ROWS=10000000 for
# the log pages at full size; BENCH_SECONDS and BENCH_ROUNDS size the wrk rounds.
bench: $(STAMP)
	$(PY) -m bench
