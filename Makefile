# Laget: `make demo` serves the demo on http://127.0.0.1:8000; `make test` runs every check.
# Both install what they need on a fresh Debian machine, and reuse it on later runs.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000
# `make demo-portal`: the port of the local OpenID Connect provider that stands in for ID-porten.
PROVIDER_PORT ?= 9400
# The demo's database, an SQLite file (WAL mode, see config/settings.py).
DEMO_DATABASE ?= $(CURDIR)/var/laget.sqlite3

# The demo runs on the embedded SQLite database, in demo mode, over plain HTTP on this machine.
DEMO_ENV := LAGET_DEMO_MODE=true SECURE_COOKIES=false EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend DATABASE_URL=sqlite:///$(DEMO_DATABASE) \
	SECRET_KEY="$$(cat var/secret_key)" IDENTITY_NUMBER_KEYS="$$(cat var/identity_number_keys)" \
	IDENTITY_NUMBER_HMAC_KEY="$$(cat var/identity_number_hmac_key)"
# The portal's log-in in the demo. The provider and the demo both run with these, so they agree
# on the issuer, the client id and the client secret (generated into var/ like the other keys).
DEMO_PORTAL_ENV := PORTAL_OIDC_ISSUER=http://127.0.0.1:$(PROVIDER_PORT) PORTAL_OIDC_CLIENT_ID=laget-demo \
	PORTAL_OIDC_CLIENT_SECRET="$$(cat var/portal_client_secret)"
TEST_ENV := DJANGO_SETTINGS_MODULE=config.settings_test
# pytest-xdist: one test process per core (each with its own test database); TEST_WORKERS=0 runs
# everything in one process. The tests of a module in tests/scheduling.py's ONE_PROCESS_MODULES
# run in one process together.
TEST_WORKERS ?= auto

.PHONY: demo test lint typecheck migrations-check unit-tests browser-tests lock clean help messages bench-search bench-access bench-scale bench-access-log bench-dashboards bench-reads national-data mutation-check bench search-eval

help:
	@echo "make demo   install, migrate, load reference and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make demo-portal   the demo with a local ID-porten stand-in for the portal's log-in"
	@echo "make test   lint, type check, migrations check, unit/integration and browser tests"

# --- installation -------------------------------------------------------------------------------

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(BIN)/pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian packages: gettext compiles translations; Chromium runs the browser tests; Pango and a
# font let WeasyPrint render PDFs.
.PHONY: system-gettext system-chromium system-pdf search-eval
system-gettext:
	@command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

system-pdf:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

system-chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | system-gettext
	msgfmt --check --output-file=$@ $<

# Each secret is written whole to a temporary file and then moved into place, readable only by its
# owner, so a make that stops half-way or runs beside another never leaves an empty one.
var/secret_key:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.tmp && mv $@.tmp $@

# The demo's identity-number keys (docs/security.md): an AES-256 key with its id, and an HMAC key.
DEMO_KEYS := var/identity_number_keys var/identity_number_hmac_key
var/identity_number_keys:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c 'import base64, secrets; print("demo1:" + base64.b64encode(secrets.token_bytes(32)).decode())' > $@.tmp && mv $@.tmp $@

var/identity_number_hmac_key:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())' > $@.tmp && mv $@.tmp $@

# The demo portal's client secret, shared by the local provider and the demo (make demo-portal).
var/portal_client_secret:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(32))' > $@.tmp && mv $@.tmp $@

var/static/staticfiles.json: $(VENV)/.runtime node_modules/.installed $(shell find static -type f) var/secret_key $(DEMO_KEYS)
	@echo "== collecting static files"
	@$(DEMO_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

# --- demo ---------------------------------------------------------------------------------------

# Installed, migrated and loaded: what `make demo` and `make demo-portal` both start from.
.PHONY: demo-data search-eval
demo-data: $(VENV)/.runtime node_modules/.installed $(MO_FILES) var/secret_key $(DEMO_KEYS) var/static/staticfiles.json system-pdf
	@echo "== migrating the demo database ($(DEMO_DATABASE))"
	@$(DEMO_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	@echo "== loading reference data and demo data"
	@$(DEMO_ENV) $(PY) manage.py load_reference_data
	@$(DEMO_ENV) $(PY) manage.py load_demo

# The demo's web server: gunicorn with two workers, each serving one request at a time.
DEMO_SERVE := ALLOWED_HOSTS=$(HOST),localhost $(BIN)/gunicorn config.wsgi \
	--bind $(HOST):$(PORT) --workers 2 --access-logfile - --log-level warning

# Beside the web server, as in production: the access log's sealer (docs/operations.md).
DEMO_SEALER := $(PY) manage.py audit_seal --every 2 >/dev/null

demo: demo-data
	@echo "== Laget is starting on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	@$(DEMO_ENV) $(DEMO_SEALER) & sealer=$$!; trap "kill $$sealer 2>/dev/null" EXIT; \
	$(DEMO_ENV) $(DEMO_SERVE)

# The demo with the portal: a local OpenID Connect provider (a development dependency) stands in
# for ID-porten on http://127.0.0.1:$(PROVIDER_PORT) while the demo runs; Ctrl+C stops both.
# tests/browser/test_demo.py runs this target as it is and logs in through it.
.PHONY: demo-portal search-eval
demo-portal: demo-data $(VENV)/.dev var/portal_client_secret
	@echo "== the local ID-porten stand-in is starting on http://127.0.0.1:$(PROVIDER_PORT)"
	@$(DEMO_ENV) $(DEMO_PORTAL_ENV) $(PY) manage.py portal_mock_provider & provider=$$!; \
	$(DEMO_ENV) $(DEMO_SEALER) & sealer=$$!; \
	trap "kill $$provider $$sealer 2>/dev/null" EXIT; \
	$(DEMO_ENV) $(DEMO_PORTAL_ENV) $(PY) manage.py portal_mock_provider --wait 20 && \
	echo "== Laget is starting on http://$(HOST):$(PORT)/portal/  (stop with Ctrl+C)" && \
	$(DEMO_ENV) $(DEMO_PORTAL_ENV) $(DEMO_SERVE)

# --- tests --------------------------------------------------------------------------------------

test: lint typecheck migrations-check unit-tests browser-tests

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) scripts/check_access_rules.py
	$(BIN)/lint-imports --no-logo
	$(PY) scripts/check_function_imports.py

typecheck: $(VENV)/.dev
	$(TEST_ENV) $(BIN)/mypy .

migrations-check: $(VENV)/.dev
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

unit-tests: $(VENV)/.dev node_modules/.installed $(MO_FILES) system-gettext system-pdf
	$(TEST_ENV) $(BIN)/pytest -m "not browser" -n $(TEST_WORKERS)

browser-tests: $(VENV)/.dev node_modules/.installed $(MO_FILES) system-chromium system-pdf
	$(TEST_ENV) $(BIN)/pytest -m browser -n $(TEST_WORKERS)

# Plant each deliberate bug of scripts/mutations.toml in turn and check that its tests catch it
# (docs/mutation-check.md). Slow, so not part of `make test`. With DATABASE_URL set to
# PostgreSQL it runs there, row-level security's mutations included.
mutation-check: $(VENV)/.dev node_modules/.installed $(MO_FILES) system-gettext system-pdf
	$(PY) scripts/mutation_check.py $(if $(findstring postgres,$(DATABASE_URL)),--postgres)

# --- maintenance --------------------------------------------------------------------------------

# Re-pin every dependency from requirements.in / requirements-dev.in in a clean virtualenv.
lock:
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Pinned runtime dependencies, generated from requirements.in by 'make lock'. Do not edit by hand."; \
	  var/lock-venv/bin/pip freeze; } > requirements.txt
	var/lock-venv/bin/pip freeze > var/lock-runtime.txt
	var/lock-venv/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Pinned development and test dependencies, generated from requirements-dev.in by 'make lock'."; \
	  echo "-r requirements.txt"; var/lock-venv/bin/pip freeze | grep -vxiFf var/lock-runtime.txt; } > requirements-dev.txt
	rm -rf var/lock-venv var/lock-runtime.txt

clean:
	rm -rf $(VENV) node_modules var test-results

# Extract translatable strings into locale/*/LC_MESSAGES/django.po.
messages: $(VENV)/.dev system-gettext
	$(TEST_ENV) $(PY) manage.py makemessages -l nb -l nn -l en --no-location --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=var --ignore=tests

# Benchmark directory search on PostgreSQL with 20 000 generated services (see benchmarks/).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/laget_bench
bench-search: $(VENV)/.dev
	@psql "$(BENCH_DATABASE_URL:/laget_bench=/postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname = 'laget_bench'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres laget_bench
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/directory_search.py

# Synthetic data for all municipalities in a new PostgreSQL database (docs/national-data.md):
# `make national-data SCALE=0.05`. Refuses a database that already exists.
SCALE ?= 1
SEED ?= 1
NATIONAL_DATABASE ?= laget_national
NATIONAL_ENV := $(TEST_ENV) DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(NATIONAL_DATABASE)
national-data: $(VENV)/.dev
	createdb -h 127.0.0.1 -U postgres $(NATIONAL_DATABASE)
	$(NATIONAL_ENV) $(PY) manage.py migrate -v0
	$(NATIONAL_ENV) $(PY) manage.py load_reference_data
	$(NATIONAL_ENV) $(PY) manage.py generate_national --scale $(SCALE) --seed $(SEED)

# Whole pages under gunicorn (production settings, two workers) on the national data, at
# concurrency 1 and 4, against the budgets; builds the database first when it is missing.
# Prints one table and writes var/bench/latest.json (docs/performance.md). Needs locust
# (requirements-dev.txt); LOCUST_PYTHON names another interpreter that has it.
bench: $(VENV)/.dev var/secret_key var/static/staticfiles.json
	@psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw $(NATIONAL_DATABASE) || $(MAKE) national-data
	$(NATIONAL_ENV) $(PY) manage.py migrate -v0
	$(NATIONAL_ENV) $(PY) benchmarks/pages.py

# The overview's daily job and dashboards on the national data (`make national-data` first).
bench-dashboards: $(VENV)/.dev
	$(NATIONAL_ENV) $(PY) benchmarks/dashboards.py

# Benchmark: a forbidden team page against a missing one, through the page (see benchmarks/).
bench-access: $(VENV)/.dev
	$(TEST_ENV) $(BIN)/pytest benchmarks/access_timing.py -s -q -p no:randomly

# Recording reads in one municipality from 1 and 8 threads on PostgreSQL (see benchmarks/).
BENCH_READS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/laget_bench_reads
bench-reads: $(VENV)/.dev
	@psql "$(BENCH_READS_DATABASE_URL:/laget_bench_reads=/postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname = 'laget_bench_reads'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres laget_bench_reads
	DATABASE_URL=$(BENCH_READS_DATABASE_URL) $(PY) benchmarks/concurrent_reads.py

# The access page and the incremental audit_verify as the partitioned access log grows from N to
# 3N events (PostgreSQL; a fresh database each run, docs/performance.md).
BENCH_GROWTH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/laget_bench_growth
BENCH_GROWTH_EVENTS ?= 300000
bench-access-log: $(VENV)/.dev
	dropdb -h 127.0.0.1 -U postgres --if-exists laget_bench_growth
	createdb -h 127.0.0.1 -U postgres laget_bench_growth
	DATABASE_URL=$(BENCH_GROWTH_DATABASE_URL) $(PY) benchmarks/access_log_growth.py --events $(BENCH_GROWTH_EVENTS)

# The queries behind the known slow pages, on a bulk PostgreSQL dataset (see benchmarks/).
BENCH_SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/laget_bench_scale
bench-scale: $(VENV)/.dev
	@psql "$(BENCH_SCALE_DATABASE_URL:/laget_bench_scale=/postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname = 'laget_bench_scale'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres laget_bench_scale
	DATABASE_URL=$(BENCH_SCALE_DATABASE_URL) $(PY) benchmarks/scale_queries.py --explain

# Search evaluation: top-1, top-5 and MRR per query table, page and HSDS API, SQLite then
# PostgreSQL (see benchmarks/search_eval/). Reported, not asserted.
EVAL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/laget_eval
search-eval: $(VENV)/.dev
	$(TEST_ENV) $(BIN)/pytest benchmarks/search_eval/test_search_eval.py -q -s -p no:randomly -p no:cacheprovider
	$(TEST_ENV) DATABASE_URL=$(EVAL_DATABASE_URL) $(BIN)/pytest benchmarks/search_eval/test_search_eval.py -q -s -p no:randomly -p no:cacheprovider
