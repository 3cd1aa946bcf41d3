# The two commands of the README: `make run` and `make test`. Nothing but Python 3.11+ needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check

.PHONY: run test lint format install install-dev migrate demo-seed clean client

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'
	@echo "==> Creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	@echo "==> Installing the portal's dependencies (requirements.txt)"
	$(PIP) install --progress-bar on -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "==> Installing the portal's and the tests' dependencies (requirements-dev.txt)"
	$(PIP) install --progress-bar on -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

# The TypeScript check of the API schema (tests/test_typescript_types.py) needs Node; without
# npm it is skipped, except in CI.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		echo "==> Installing the TypeScript check's tools (package-lock.json)"; \
		npm ci --no-audit --no-fund && touch $@; \
	else echo "==> npm not found: the TypeScript check of the API schema will be skipped"; fi

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev node_modules/.installed

migrate: install
	@echo "==> Migrating the database"
	$(BIN)/python manage.py migrate --no-input

# The demo runs the development profile (generated secrets, local host names, the debug pages);
# the settings are production's unless DEBUG=true. Its migrate step gets it too.
run: export DEBUG ?= true
run: migrate
	$(BIN)/python -m demo.run

test: install-dev
	@echo "==> Checking the app layers (import contract in pyproject.toml)"
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The typed Python client in clients/python, generated from the API's schema (committed with it;
# tests/api/test_generated_client.py fails when either is out of date).
client: install-dev
	@echo "==> Writing the API schema to clients/openapi.json"
	DEBUG=true $(BIN)/python manage.py spectacular --format openapi-json --file clients/openapi.json
	@echo "==> Generating the Python client into clients/python (openapi-python-client)"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate --path clients/openapi.json --meta setup \
		--config clients/openapi-python-client.yaml --output-path clients/python --overwrite
	rm -rf clients/python/.ruff_cache

clean:
	rm -rf $(VENV) .local staticfiles test-output
