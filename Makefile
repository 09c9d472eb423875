# Briefing: every target sets up .venv on first use, so a fresh clone needs only
# `make site` or `make test`.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test test-fast lint check generate offline bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## validate content/ and build the site into site/
	$(BIN)/mkdocs build --strict

offline: $(STAMP)  ## the offline edition: site-offline/ and briefing-offline.zip, works from file://
	BRIEFING_OFFLINE=true BRIEFING_SITE_DIR=site-offline $(BIN)/mkdocs build --strict
	rm -f briefing-offline.zip
	$(BIN)/python -m zipfile -c briefing-offline.zip site-offline/

# One run per size (a 5,000-brief build takes minutes): quote its figures with the load it
# reports. BENCH_ARGS="--runs 3" gives medians of three, "--quick" only 100 and 1,000 briefs.
BENCH_ARGS ?= --runs 1
bench: $(STAMP)  ## benchmarks at 100, 1,000 and 5,000 synthetic briefs; updates BENCHMARKS.md
	$(BIN)/python -m tests.benchmark.run --write BENCHMARKS.md $(BENCH_ARGS)

ADDR ?= 127.0.0.1
PORT ?= 8000
serve: $(STAMP)  ## live preview on http://$(ADDR):$(PORT) (make serve PORT=8765 ADDR=0.0.0.0)
	$(BIN)/mkdocs serve --livereload --dirty --dev-addr $(ADDR):$(PORT)

check: $(STAMP)  ## the content gate: validate content/, failing on errors and warnings
	$(BIN)/briefing check --strict

generate: $(STAMP)  ## write the generated Markdown and nav to out/
	$(BIN)/briefing generate --out out

lint: $(STAMP)  ## ruff and mypy
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

test: lint  ## lint, then the whole test suite (tests use tests/fixtures, never content/)
	$(BIN)/pytest

# The quick loop keeps compiled bytecode between runs (about 2.5 s of its CPU), even where
# the environment turns that off.
test-fast: export PYTHONDONTWRITEBYTECODE :=
test-fast: $(STAMP)  ## the quick loop: every test but slow and browser ones, small Hypothesis budgets, no lint
	$(BIN)/pytest -q -m "not slow and not browser" --hypothesis-profile=fast

clean:
	rm -rf site site-offline briefing-offline.zip out .pytest_cache .mypy_cache .ruff_cache
