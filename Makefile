# Two commands do all set-up themselves: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	fonts-noto-core gettext poppler-utils chromium nginx openssl restic
PORT ?= 8000
# Links in messages, posters and QR codes point where `make run` serves the portal.
RUN_SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test test-page-caches lint setup system-deps messages migrate demo check worker bench clean backup restore lock

run: setup migrate demo
	SITE_URL=$(RUN_SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)
ifeq ($(strip $(PYTEST_ARGS)),)
	$(MAKE) --no-print-directory test-page-caches
endif

# Staleness across every app: the suite again with every page cache on, as in production (a
# test that reads a page after a write fails if it gets a stored copy). Browser, worker and
# slow tests check other things; two processes (pytest-xdist).
test-page-caches: setup
	$(PY) -m pytest --page-caches -n 2 -q -m "not browser and not worker and not slow"

# ruff (check + format) on the Python, djLint's linter on the Django templates.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check --quiet .
	$(VENV)/bin/djlint templates --lint --quiet

setup: system-deps $(STAMP) locale/ky/LC_MESSAGES/django.mo build/axe/axe.min.js

# axe-core (accessibility checks in tests/journeys) from the npm registry; skipped without npm.
build/axe/axe.min.js:
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p build/axe && npm pack -q axe-core@4 --pack-destination build/axe >/dev/null && \
	  tar -xzf build/axe/axe-core-*.tgz -C build/axe --strip-components=1 package/axe.min.js && \
	  rm -f build/axe/axe-core-*.tgz && touch $@; \
	else echo "npm not found: accessibility checks will be skipped"; fi

# Debian libraries for WeasyPrint, fonts with ң ө ү, gettext, pdftotext, Chromium.
# Installed only when missing and only as root; otherwise a hint is printed.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Please install: sudo apt-get install $$missing"; fi; \
	fi

# Exact versions from requirements.lock; `make lock` refreshes it from pyproject.toml's ranges.
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.lock
	$(PIP) install -q --no-deps -e .
	touch $(STAMP)

lock: $(STAMP)
	$(VENV)/bin/pip-compile -q --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml

locale/ky/LC_MESSAGES/django.mo: locale/ky/LC_MESSAGES/django.po locale/ru/LC_MESSAGES/django.po | $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# Refresh the .po files from the code (keeps existing translations) and compile them.
messages: $(STAMP)
	$(PY) manage.py makemessages -l ky -l ru --ignore=.venv --ignore=build --ignore=tests --no-obsolete --no-wrap
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: setup
	$(PY) manage.py migrate --no-input -v 0

# The seeding's console e-mails (~600 lines) go to build/seed_demo.log; the demo accounts
# are printed last, where a newcomer looks.
demo: migrate
	@mkdir -p build
	@SITE_URL=$(RUN_SITE_URL) $(PY) manage.py seed_demo > build/seed_demo.log 2>&1 || { cat build/seed_demo.log; exit 1; }
	@echo "Demo data loaded; its $$(grep -c '^Subject:' build/seed_demo.log) console e-mails are in build/seed_demo.log."
	@sed -n '/Demo accounts/,$$p' build/seed_demo.log

check: setup
	DJANGO_SETTINGS_MODULE=municipality.settings.prod SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  ALLOWED_HOSTS=example.kg $(PY) manage.py check --deploy --fail-level WARNING

worker: setup
	$(VENV)/bin/celery -A municipality worker -B -l info

# Figures, not tests: each bench/*.py prints its own and bench/summary.py prints them all in one
# table at the end and records it in bench/RESULTS.md (about 4 minutes; ports 18000-18999).
bench: setup
	@rm -rf build/bench
	@for script in $(sort $(filter-out bench/summary.py,$(wildcard bench/*.py))); do \
	  echo "== $$script"; $(PY) $$script || exit 1; done
	@$(PY) bench/summary.py

# Backup: database (pg_dump custom format; dumpdata on SQLite) + MEDIA_ROOT into
# $(BACKUP_DIR)/<UTC timestamp>/. Restore: `make restore BACKUP=backups/<timestamp>`
# into the database of DATABASE_URL (create it empty first) and MEDIA_ROOT; or, from the
# off-site copy, `make restore SNAPSHOT=latest` (RESTIC_REPOSITORY and RESTIC_PASSWORD).
BACKUP_DIR ?= backups
backup: setup
	$(PY) manage.py backup_site --output "$(BACKUP_DIR)/$$(date -u +%Y%m%dT%H%M%SZ)"

restore: setup
	@test -n "$(BACKUP)$(SNAPSHOT)" || { echo "Usage: make restore BACKUP=$(BACKUP_DIR)/<timestamp>"; \
	  echo "   or: make restore SNAPSHOT=latest   (from RESTIC_REPOSITORY)"; exit 2; }
	$(PY) manage.py restore_site $(if $(SNAPSHOT),--restic "$(SNAPSHOT)","$(BACKUP)")

clean:
	rm -rf build media db.sqlite3
