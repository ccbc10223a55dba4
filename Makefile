# The two set-up commands of the README:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: run test check-model benchmark clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Bytecode first: where Python writes none at run time (PYTHONDONTWRITEBYTECODE), start-up would
# otherwise compile the whole package each time; up-to-date files are skipped.
run: $(VENV)/.runtime
	$(PY) -m compileall -q skill
	$(PY) -m skill serve $(ARGS)

test: $(VENV)/.dev
	$(PY) -m skill check-model
	$(PY) -m pytest $(PYTEST_ARGS)

check-model: $(VENV)/.runtime
	$(PY) -m skill check-model

benchmark: $(VENV)/.dev
	$(PY) -m bench $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
