# Tension Points: `make` builds every edition into _build/, `make test` runs the tests.
# Both bootstrap what they need (a .venv with pinned packages; Debian's TeX if missing).

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SPHINXOPTS  ?= -W --keep-going -n -q
BUILD       := _build
DIST        := $(BUILD)/dist
BUNDLE      := $(BUILD)/tension-points-offline.zip
# Test processes for make test (pytest-xdist; each test file stays in one process): auto = one per core.
TEST_WORKERS ?= auto
# More platforms for the bundle's wheels, as PLATFORM:PYTHON (e.g. win_amd64:3.12 macosx_11_0_arm64:3.12).
BUNDLE_TARGETS ?=
PDF_EDITIONS := learner facilitator handouts
# Output name of each PDF edition (learner = the course, facilitator = the handbook).
PDF_NAME_learner     := tension-points-course
PDF_NAME_facilitator := tension-points-facilitator-handbook
PDF_NAME_handouts    := tension-points-handouts
# Where the build starts its clock and stamps its output: the last commit, for reproducible builds.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || date +%s)

.PHONY: all html pdf dist downloads bundle sample-wheels test serve clean deps tex help linkcheck linkcheck-external bench
.DEFAULT_GOAL := all

all: html pdf dist downloads bundle ## Build the web site, every PDF, the wheel and the offline bundle into _build/, the downloads into the site

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

deps: $(BIN)/.installed ## Create .venv with the pinned Python packages

$(BIN)/.installed: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[docs,test,exercises]'
	@touch $@

tex: ## Install Debian's TeX and tools when missing (as root on Debian/Ubuntu)
	@bash tools/bootstrap-system.sh

html: deps tex ## Build the web site into _build/html
	TP_EDITION=web $(BIN)/sphinx-build $(SPHINXOPTS) -b html . $(BUILD)/html -d $(BUILD)/doctrees/web

pdf: $(foreach e,$(PDF_EDITIONS),$(BUILD)/pdf/$(PDF_NAME_$(e)).pdf) ## Build every PDF into _build/pdf

$(BUILD)/pdf/%.pdf: FORCE
	@$(MAKE) --no-print-directory pdf-edition EDITION=$(call edition_of,$*)

edition_of = $(strip $(foreach e,$(PDF_EDITIONS),$(if $(filter $(1),$(PDF_NAME_$(e))),$(e))))

pdf-edition: deps tex
	TP_EDITION=$(EDITION) $(BIN)/sphinx-build $(SPHINXOPTS) -b latex . $(BUILD)/latex/$(EDITION) -d $(BUILD)/doctrees/$(EDITION)
	$(MAKE) --no-print-directory -C $(BUILD)/latex/$(EDITION) all-pdf LATEXMKOPTS="-quiet -interaction=nonstopmode -halt-on-error" > $(BUILD)/latex/$(EDITION)/latexmk.log 2>&1 \
	  || { tail -40 $(BUILD)/latex/$(EDITION)/latexmk.log; echo "LaTeX failed for the $(EDITION) edition: see $(BUILD)/latex/$(EDITION)/latexmk.log"; exit 1; }
	@mkdir -p $(BUILD)/pdf
	cp $(BUILD)/latex/$(EDITION)/$(PDF_NAME_$(EDITION)).pdf $(BUILD)/pdf/

FORCE:

dist: deps ## Build the kit's wheel and sdist into _build/dist (python -m build)
	@rm -rf $(DIST) && mkdir -p $(DIST)
	$(BIN)/python -m build --outdir $(DIST) . > $(BUILD)/dist.log 2>&1 \
	  || { tail -30 $(BUILD)/dist.log; echo "Building the wheel failed: see $(BUILD)/dist.log"; exit 1; }

downloads: html pdf dist ## Put the PDFs and the wheel on the site (_build/html/downloads/)
	@rm -rf $(BUILD)/html/downloads && mkdir -p $(BUILD)/html/downloads
	cp $(foreach e,$(PDF_EDITIONS),$(BUILD)/pdf/$(PDF_NAME_$(e)).pdf) $(DIST)/*.whl $(BUILD)/html/downloads/

bundle: downloads ## One zip for a room without internet: site, PDFs, wheels, notebooks ($(BUNDLE)); the site offers it too
	$(BIN)/python tools/make_bundle.py --site $(BUILD)/html --dist $(DIST) --output $(BUNDLE) --wheelhouse $(BUILD)/wheelhouse $(foreach t,$(BUNDLE_TARGETS),--target $(t))
	cp $(BUNDLE) $(BUILD)/html/downloads/

# The wheels the repaired sample project's README installs, so that its test runs it offline (fetched once).
SAMPLE_PROJECT := exercises/sample-projects/churn-model-repaired
SAMPLE_WHEELS  := $(BUILD)/wheelhouse-samples
sample-wheels: $(SAMPLE_WHEELS)/.fetched ## Fetch the wheels the repaired sample project pins (network or pip's cache, once)
$(SAMPLE_WHEELS)/.fetched: $(SAMPLE_PROJECT)/requirements.txt | deps
	@rm -rf $(SAMPLE_WHEELS) && mkdir -p $(SAMPLE_WHEELS)
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --only-binary=:all: -d $(SAMPLE_WHEELS) -r $< \
	  || { echo "Fetching the sample project's wheels failed (pip download -r $<)"; exit 1; }
	@touch $@

test: all linkcheck bundle sample-wheels ## Build everything, then run the whole test suite against what was built
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

linkcheck: bundle ## Check the site's own links and anchors (offline; links to other sites: linkcheck-external)
	TP_EDITION=web $(BIN)/sphinx-build $(SPHINXOPTS) -b linkcheck . $(BUILD)/linkcheck -d $(BUILD)/doctrees/web
	$(BIN)/python tools/check_links.py $(BUILD)/html

linkcheck-external: deps ## Check every link to another site (needs the network; they are listed on reference/external-links)
	TP_EDITION=web TP_LINKCHECK=external $(BIN)/sphinx-build $(SPHINXOPTS) -b linkcheck . $(BUILD)/linkcheck-external -d $(BUILD)/doctrees/linkcheck-external reference/external-links.md

bench: deps tex ## Measure build times and page weight on this machine (benchmarks/build_benchmark.py)
	$(BIN)/python benchmarks/build_benchmark.py

serve: deps ## Live preview on http://127.0.0.1:8000, rebuilt on every save
	TP_EDITION=web $(BIN)/python -m tension_points.preview --host 127.0.0.1 --port 8000 --ignore '$(BUILD)/*' --ignore '$(VENV)/*' --watch src . $(BUILD)/html -d $(BUILD)/doctrees/web

clean: ## Remove _build/ (keeps .venv)
	rm -rf $(BUILD)
