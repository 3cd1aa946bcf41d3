# The two commands of the README: `make run` and `make test`. Nothing but Python 3.11+ needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check

.PHONY: run test lint format install install-dev migrate demo-seed clean

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

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

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

clean:
	rm -rf $(VENV) .local staticfiles test-output
