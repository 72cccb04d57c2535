# Tocsin — one entry point for set-up, running and checking. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
BOOT := .cache/bootstrap
UV := $(BOOT)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
KAFKA := infra/kafka/kafka.sh
export PYTHONUNBUFFERED := 1

.PHONY: install run test test-unit test-integration eval bench soak kafka-up kafka-down kafka-jars lint typecheck check clean

## install: create .venv with the locked dependencies (uv.lock, hashes pinned) and fetch the Kafka jars
install: $(VENV)/.installed kafka-jars

$(UV):
	$(PYTHON) -m venv $(BOOT)
	$(BOOT)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	touch $@

kafka-jars:
	$(KAFKA) jars

## kafka-up / kafka-down: a single-node KRaft broker from pinned Maven jars, state under .cache/kafka
kafka-up: kafka-jars
	$(KAFKA) up

kafka-down:
	$(KAFKA) down

## run: local Kafka + worker + sample articles; prints incidents and counts; Ctrl-C stops everything
run: install
	$(PY) -m tocsin.devrun

## test: unit tests and integration tests on the real broker (started if none is reachable)
test: install
	$(PY) -m pytest -q

test-unit: install
	$(PY) -m pytest -q -m "not integration"

test-integration: install
	$(PY) -m pytest -q -m integration

## eval: run `tocsin extract` over ../shared/eval and write reports/eval.{md,json}
eval: install
	$(PY) -m tocsin.evaluation

bench: install
	$(PY) -m bench

## soak: 20 minutes at a fixed rate on the real broker, RSS and latency each minute (not in CI)
soak: install
	$(PY) -m bench.soak

lint: install
	$(VENV)/bin/ruff check services tests
	$(VENV)/bin/ruff format --check services tests

typecheck: install
	$(VENV)/bin/mypy

check: lint typecheck test

clean:
	rm -rf $(VENV) .cache reports
