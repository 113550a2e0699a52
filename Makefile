# One task runner. `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX ?= data/index
EVAL ?= ../shared/eval
export FRONTLINE_MODEL_CACHE ?= $(CURDIR)/.cache/models

.PHONY: setup demo test test-fast lint eval eval-pooled eval-remote eval-dates kill-trials bench bench-quick bench-writes clean

setup: $(VENV)/.installed

# CPU torch first: any later requirement it already satisfies pulls nothing else.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/frontline index add samples/ --index $(INDEX)
	$(BIN)/frontline ask "how many people crossed into Finland?" --index $(INDEX)

test: setup
	$(BIN)/python -m pytest -q

# All but the tests marked slow in tests/conftest.py (model builds, kill trials, deployment
# replay, the load test, single tests of seconds); `make test` runs them all.
test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

# Speed and quality against the LangChain baseline; writes bench/results.json (bench/run.py).
bench: $(VENV)/.bench-installed
	FRONTLINE_EVAL_DIR=$(EVAL) $(BIN)/python -m bench.run

bench-quick: $(VENV)/.bench-installed
	FRONTLINE_EVAL_DIR=$(EVAL) $(BIN)/python -m bench.run --quick

# The write path alone (adding articles at 100k and 1M chunks, bulk ingest): bench/writes.py.
bench-writes: $(VENV)/.bench-installed
	FRONTLINE_EVAL_DIR=$(EVAL) $(BIN)/python -m bench.writes

$(VENV)/.bench-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[bench]'
	touch $@

# The long crash-safety run: 200 SIGKILLs at random moments of `frontline index add`.
kill-trials: setup
	$(BIN)/python -m tests.crash_harness --trials 200

# Quality on the evaluation sets in $(EVAL), one table (see index/eval/suite.py). Each
# index under data/eval/ is rebuilt from scratch only when its articles or the code that
# shapes an index change; otherwise it is reused as it is.
EVAL_DATA := data/eval
EVAL_SETS := $(patsubst $(EVAL)/%/articles.jsonl,%,$(wildcard $(EVAL)/*/articles.jsonl))
INDEX_CODE := $(wildcard index/text/analysis.py index/text/chunking.py index/store/*.py index/embed/embedder.py index/embed/fast_embed.py index/embed/offline_model.py index/embed/bulk.py index/ingest/indexer.py)

ifneq ($(wildcard $(EVAL)/.),)
eval: setup $(EVAL_DATA)/samples.built $(EVAL_SETS:%=$(EVAL_DATA)/%.built) $(EVAL_DATA)/combined.built
	$(BIN)/python -m index.eval.suite $(EVAL) $(EVAL_DATA)
else
eval:
	@echo "no evaluation sets at $(EVAL); nothing to measure"
endif

$(EVAL_DATA)/samples.built: $(wildcard samples/*) $(INDEX_CODE) | setup
	rm -rf $(EVAL_DATA)/samples
	$(BIN)/frontline index add samples/ --index $(EVAL_DATA)/samples
	touch $@

# The sample article among every set's articles, in one add: the seed questions as the product meets them.
$(EVAL_DATA)/combined.built: $(wildcard samples/*) $(EVAL_SETS:%=$(EVAL)/%/articles.jsonl) $(INDEX_CODE) | setup
	rm -rf $(EVAL_DATA)/combined
	$(BIN)/frontline index add samples/ $(EVAL_SETS:%=$(EVAL)/%/articles.jsonl) --index $(EVAL_DATA)/combined
	touch $@

$(EVAL_DATA)/%.built: $(EVAL)/%/articles.jsonl $(INDEX_CODE) | setup
	rm -rf $(EVAL_DATA)/$*
	$(BIN)/frontline index add $< --index $(EVAL_DATA)/$*
	touch $@

# The same table over indexes whose answer-sentence vectors are pooled from their chunk's pass
# (FRONTLINE_SENTENCE_VECTORS=pooled, index/embed/bulk.py), kept apart in data/eval-pooled.
eval-pooled:
	FRONTLINE_SENTENCE_VECTORS=pooled $(MAKE) eval EVAL_DATA=data/eval-pooled

# The same table from readers without the index folder (FRONTLINE_READ_FROM=milvus): every index
# written on Milvus Lite (one file, $(EVAL_REMOTE)/milvus.db), published under its folder's name,
# and read from Milvus alone (index/store/remote.py). All of them are rebuilt when any input changes.
EVAL_REMOTE := data/eval-remote
EVAL_REMOTE_DB := $(CURDIR)/$(EVAL_REMOTE)/milvus.db
ifneq ($(wildcard $(EVAL)/.),)
eval-remote: setup $(EVAL_REMOTE)/built
	$(BIN)/python -m index.eval.suite $(EVAL) $(EVAL_REMOTE) --read-from-milvus $(EVAL_REMOTE_DB)
else
eval-remote:
	@echo "no evaluation sets at $(EVAL); nothing to measure"
endif

$(EVAL_REMOTE)/built: $(wildcard samples/*) $(EVAL_SETS:%=$(EVAL)/%/articles.jsonl) $(INDEX_CODE) | setup
	rm -rf $(EVAL_REMOTE)
	FRONTLINE_BACKEND=milvus FRONTLINE_MILVUS_URI=$(EVAL_REMOTE_DB) FRONTLINE_MILVUS_INDEX=samples \
		$(BIN)/frontline index add samples/ --index $(EVAL_REMOTE)/samples
	for set in $(EVAL_SETS); do \
		FRONTLINE_BACKEND=milvus FRONTLINE_MILVUS_URI=$(EVAL_REMOTE_DB) FRONTLINE_MILVUS_INDEX=$$set \
			$(BIN)/frontline index add $(EVAL)/$$set/articles.jsonl --index $(EVAL_REMOTE)/$$set || exit 1; \
	done
	touch $@

# Dates in questions on warline-dev: headline R@5 with the article's day appended, without it,
# with a wrong day and with a date that is part of a name (index/eval/dates.py).
eval-dates: setup $(EVAL_DATA)/warline-dev.built
	$(BIN)/python -m index.eval.dates $(EVAL)/warline-dev $(EVAL_DATA)/warline-dev

lint: setup
	$(BIN)/ruff check index bot tests
	$(BIN)/mypy index bot

clean:
	rm -rf $(VENV) data .cache .pytest_cache
