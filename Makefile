# Every check is one command. `make run` serves the archive; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export ARCHIVE_DATA_DIR ?= $(CURDIR)/var
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: run setup test test-setup lint bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(ARCHIVE_DATA_DIR)/secret_key:
	mkdir -p $(ARCHIVE_DATA_DIR)
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

## setup: database, gazetteer, static files, the sample corpus and its index
setup: $(BIN)/.installed $(ARCHIVE_DATA_DIR)/secret_key
	SECRET_KEY=$$(cat $(ARCHIVE_DATA_DIR)/secret_key) $(BIN)/python manage.py migrate --noinput -v0
	SECRET_KEY=$$(cat $(ARCHIVE_DATA_DIR)/secret_key) $(BIN)/python manage.py load_gazetteer
	SECRET_KEY=$$(cat $(ARCHIVE_DATA_DIR)/secret_key) $(BIN)/python manage.py collectstatic --noinput -v0
	SECRET_KEY=$$(cat $(ARCHIVE_DATA_DIR)/secret_key) $(BIN)/python manage.py ingest archive/samples
	test -d $(ARCHIVE_DATA_DIR)/whoosh || SECRET_KEY=$$(cat $(ARCHIVE_DATA_DIR)/secret_key) $(BIN)/python manage.py rebuild_index --noinput

## run: set up, then serve with gunicorn on http://$(HOST):$(PORT)/
run: setup
	SECRET_KEY=$$(cat $(ARCHIVE_DATA_DIR)/secret_key) $(BIN)/gunicorn archive.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --preload --access-logfile -

# ReplayWeb.page's ui.js and sw.js (its dependencies bundled in them), for the test that plays our WACZ
# in it: the package alone from the npm registry (its own dependencies are not needed), integrity checked
PLAYER_VERSION := 2.5.3
PLAYER_INTEGRITY := sha512-nCj2PSON3BxeSJKE8AsYPyULv0XPZKJWfy4l9PyQre9SqwLZ+WKZVs/sfLqPOQ4GrH+0YkjbwOhr8cSTH08gsQ==
PLAYER := .cache/replaywebpage-$(PLAYER_VERSION)

## test: the whole suite (set DATABASE_URL to run it on PostgreSQL)
test: test-setup
	$(BIN)/pytest

# what the suite needs installed first (CI makes it once, then runs two suites at a time)
test-setup: $(BIN)/.installed $(PLAYER)/sw.js

$(PLAYER)/sw.js:
	mkdir -p $(PLAYER)
	cd $(PLAYER) && npm pack --json --silent replaywebpage@$(PLAYER_VERSION) > pack.json
	$(PYTHON) -c "import json, sys; sys.exit(json.load(open(sys.argv[1]))[0]['integrity'] != sys.argv[2])" \
		$(PLAYER)/pack.json '$(PLAYER_INTEGRITY)'
	tar -xzf $(PLAYER)/replaywebpage-$(PLAYER_VERSION).tgz -C $(PLAYER) --strip-components=1 package/ui.js package/sw.js
	rm $(PLAYER)/pack.json $(PLAYER)/replaywebpage-$(PLAYER_VERSION).tgz

## lint: ruff, formatting, and no missing migration
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=lint $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .cache

## bench: speed and memory on synthetic articles (SIZES=10000,100000); writes var/bench/bench.json
SIZES ?= 10000,100000
bench: $(BIN)/.installed
	mkdir -p var/bench
	ARCHIVE_DATA_DIR=$(CURDIR)/var/bench SECRET_KEY=bench $(BIN)/python manage.py migrate --noinput -v0
	ARCHIVE_DATA_DIR=$(CURDIR)/var/bench SECRET_KEY=bench $(BIN)/python manage.py bench --sizes $(SIZES)
