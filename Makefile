# The two commands a newcomer needs: `make run` and `make test`. Only Python 3.11 and make required.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: run test e2e install migrate demo worker cron messages check-deploy smoke clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# dev includes the demo extra (factory-boy, Faker, tqdm, time-machine): `make run` loads the demo.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Idempotent: fills an empty database, says so and changes nothing otherwise.
demo: migrate
	$(BIN)/python manage.py demo

# Serve the demo store. With REDIS_URL set, an RQ worker (with the scheduler) and the cron runner
# run alongside; without it jobs run inline and the scheduled escalation is not needed to see data.
run: demo
	@if [ -n "$$REDIS_URL" ]; then \
		echo "REDIS_URL is set: starting an RQ worker with the scheduler, the outbox relay and the cron runner"; \
		$(BIN)/python manage.py rqworker default notifications --with-scheduler --worker-class flywheel.outbox.worker.RelayingWorker & worker=$$!; \
		$(BIN)/python manage.py relay_outbox & relay=$$!; \
		$(BIN)/python manage.py rqcron andon.cron & cron=$$!; \
		trap "kill $$worker $$relay $$cron 2>/dev/null" EXIT; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	else \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT); \
	fi

# The whole suite: SQLite and inline jobs by default; PostgreSQL and Redis when DATABASE_URL and
# REDIS_URL are set. The browser tests run too when Chromium is installed.
# ONCE=no leaves out the browser tests and the API fuzzing: CI runs those once, on PostgreSQL, and
# this suite again on SQLite without them.
ONCE ?= yes
# The suite without the browser runs on two processes (pytest-xdist; each has its own test database).
# TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= 2
test: install
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -m "$(if $(filter no,$(ONCE)),not e2e and not fuzz,not e2e)" $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS)) $(PYTEST_ARGS)
	@if [ "$(ONCE)" = "no" ]; then \
		echo "NOTE: browser tests and API fuzzing left out (ONCE=no): CI runs them on PostgreSQL"; \
	elif [ -x "$(CHROMIUM)" ]; then \
		$(MAKE) --no-print-directory e2e; \
	else \
		echo "NOTE: browser tests NOT run: no Chromium at $(CHROMIUM) (apt-get install chromium, then make e2e)"; \
	fi

e2e: install
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -m e2e -p no:xdist $(PYTEST_ARGS)

worker: install
	$(BIN)/python manage.py rqworker default notifications --with-scheduler --worker-class flywheel.outbox.worker.RelayingWorker

cron: install
	$(BIN)/python manage.py rqcron andon.cron

# Rebuild the translation catalogue from the code, then compile it (no gettext needed to compile).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=test-artifacts
	$(BIN)/python manage.py compile_translations

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY="check-only-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" \
		ALLOWED_HOSTS=andon.example SITE_URL=https://andon.example REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# The production settings served by gunicorn: collectstatic, migrate, then pages and their static files
# fetched over HTTP as through an HTTPS proxy (.ci/smoke-production; needs PostgreSQL and Redis).
smoke: install
	bash .ci/smoke-production

clean:
	rm -rf $(VENV) var db.sqlite3 test-artifacts

# Break each core invariant on purpose (tests/mutations/catalog.py), one at a time in a scratch copy,
# and run the tests that must catch it (PostgreSQL ones on a throwaway database). Prints survivors;
# not a CI step. MUTATIONS="name ..." runs only those. Record the result in tests/MUTATION.md.
.PHONY: mutation
mutation: install
	$(BIN)/python -m tests.mutations.run $(MUTATIONS)

# The weekly report's 12-week view against a hand-written SQL floor, on PostgreSQL (bench/weekly.py):
# fills an empty database with `demo --scale 10 --pulls 200000` first. Results in bench/weekly-results-<date>.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/andon_bench
bench: install
	$(BIN)/python bench/weekly.py --database-url $(BENCH_DATABASE_URL)
