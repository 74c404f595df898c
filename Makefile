# Stičišče — the two commands: `make run` (the portal on SQLite with demo data) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
LANGS := sl en bg pl
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint messages compilemessages worker worker-documents worker-email worker-periodic beat clean test-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime packages for `make run`, the test tools on top for `make test`; versions pinned in
# constraints.txt. uv (pinned there too) installs them: the same packages as pip, in a quarter
# of the time. Compiled at install, since a process may run with PYTHONDONTWRITEBYTECODE set.
UV := $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -c constraints.txt

$(BIN)/uv: constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt uv
	touch $@

$(VENV)/.run-installed: pyproject.toml constraints.txt | $(BIN)/uv
	$(UV) -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml constraints.txt | $(BIN)/uv
	$(UV) -e ".[test]"
	touch $@ $(VENV)/.run-installed

# The test tools from npm, as pinned in package-lock.json; no page loads them: axe-core, which
# the accessibility tests inject into pages, and vnu-jar, the Nu HTML Checker, run on Debian's
# Java (.ci/system-deps test). --ignore-scripts: vnu-jar's own script would download a Java.
NODE_TOOLS := node_modules/.package-lock.json
$(NODE_TOOLS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test-tools: $(NODE_TOOLS)

compilemessages:
	$(MANAGE) compilemessages --ignore=.venv -v0

run: $(VENV)/.run-installed
	.ci/system-deps run
	$(MANAGE) migrate --noinput -v0
	$(MAKE) compilemessages
	$(MANAGE) load_demo --if-empty
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.test-installed
	.ci/system-deps test
	$(MAKE) test-tools
	$(MAKE) lint
	# Checked against the always-present maintenance database; the test database comes later.
	DJANGO_SETTINGS_MODULE=hub.settings.test DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
		$(MANAGE) makemigrations --check --dry-run
	$(MAKE) compilemessages
	# The portal's and the tests' modules compiled once here, not in each test process and each
	# server, worker and command the tests start (a few seconds each time otherwise).
	$(BIN)/python -m compileall -q -j0 -x '/(\.venv|node_modules)/' .
	# In three processes (README, "Test it"); the slowest tests are named so they stay in view.
	$(BIN)/pytest --create-db -n 3 --durations=15

# Update the catalogues after changing user-visible strings; tests fail while any entry is untranslated.
messages: $(VENV)/.run-installed
	$(MANAGE) makemessages $(addprefix -l ,$(LANGS)) --no-obsolete --no-location --ignore=.venv --ignore=tests

# One worker for every queue (development, a single machine)...
worker: $(VENV)/.run-installed
	$(BIN)/celery -A hub worker --loglevel=INFO

# ...or one per kind of work, each on any machine (README, "More than one machine"). PDFs take
# memory and seconds each: few processes. E-mails wait on the mail server: more of them.
worker-documents: $(VENV)/.run-installed
	$(BIN)/celery -A hub worker --queues=documents --concurrency=2 --hostname=documents@%h --loglevel=INFO

worker-email: $(VENV)/.run-installed
	$(BIN)/celery -A hub worker --queues=email,default --concurrency=4 --hostname=email@%h --loglevel=INFO

worker-periodic: $(VENV)/.run-installed
	$(BIN)/celery -A hub worker --queues=periodic --concurrency=1 --hostname=periodic@%h --loglevel=INFO

# Exactly one beat for the whole installation, whatever the number of machines.

beat: $(VENV)/.run-installed
	$(BIN)/celery -A hub beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
