# Every target bootstraps .venv itself, so each works from a fresh clone.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test fuzz lint format ci migrations-check deploy-check schema-check bench install

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The development server on SQLite (unless DATABASE_URL says otherwise).
run: $(STAMP)
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

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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
