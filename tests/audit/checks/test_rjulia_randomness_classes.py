"""Randomness in R and Julia (issue 24, learners' findings): scripts, R Markdown and Quarto chunks, R and Julia
notebooks read as tokens, with the false alarms a reader would object to left out: a seed at the top covers the
draws after it, a file that only defines functions leaves seeding to its caller, a chunk that is not run draws
nothing, teaching material shows draws before a seed on purpose."""

from __future__ import annotations

import json

from ..conftest import findings_of, status_of, write_files


def evidence(report: dict, check: str = "code-unseeded-randomness") -> list[str]:
    return sorted(f["evidence"] for f in findings_of(report, check))


def kernel_notebook(language: str, *sources: str) -> str:
    name = {"R": "ir", "Julia": "julia-1.10"}[language]
    cells = [{"cell_type": "code", "metadata": {}, "source": source, "execution_count": n, "outputs": []}
             for n, source in enumerate(sources, start=1)]
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {"language": language.lower(), "name": name},
                                                    "language_info": {"name": language}}, "nbformat": 4, "nbformat_minor": 5})


# --- R scripts ------------------------------------------------------------------------------------
def test_an_unseeded_r_draw_is_reported_and_a_seed_at_the_top_covers_the_draws_after_it(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "seeded.R": "library(dplyr)\nset.seed(2024)\nboot <- sample(x, 100, replace = TRUE)\nnoise <- rnorm(10)\n",
        "late.R": "a <- runif(3)\nset.seed(1)\nb <- runif(3)\n",
        "bare.R": "# rnorm(5) only in a comment\nmsg <- \"sample(1:3) in a string\"\nsplit <- rsample::initial_split(d, prop = 0.8)\n"}))
    assert status_of(report, "code-unseeded-randomness") == "fail"
    assert evidence(report) == ["bare.R:3", "late.R:1"]
    (late,) = [f for f in findings_of(report, "code-unseeded-randomness") if f["path"] == "late.R"]
    assert late["message"] == "runif() draws random numbers with no set.seed() before it"
    assert "set.seed(42)" in late["fix"]  # the fix in R's words, not random_state=


def test_a_file_that_only_defines_functions_leaves_seeding_to_its_caller(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "R/simulate.R": "simulate <- function(n) {\n  rnorm(n)\n}\n",
        "run.R": "source(\"R/simulate.R\")\nset.seed(7)\nx <- simulate(10)\n"}))
    assert status_of(report, "code-unseeded-randomness") == "pass"


def test_a_function_run_where_no_seed_is_set_is_reported_at_its_draw_naming_the_caller(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "R/simulate.R": "simulate <- function(n) {\n  rnorm(n)\n}\nresample <- function(x) simulate(length(x))\n",
        "run.R": "source(\"R/simulate.R\")\nx <- resample(1:10)\n"}))
    (finding,) = findings_of(report, "code-unseeded-randomness")
    assert finding["evidence"] == "R/simulate.R:2"
    assert finding["message"] == "rnorm() draws random numbers with no set.seed() before it, in a function run.R:2 runs"


def test_a_seed_set_in_a_sourced_setup_file_and_withr_seeds_cover_the_draws(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "setup.R": "library(ggplot2)\nset.seed(99)\n",
        "analysis.R": "source(\"setup.R\")\nidx <- sample(nrow(d))\nz <- withr::with_seed(3, rnorm(1))\n",
        "fit.R": "fit <- brms::brm(y ~ x, data = d, seed = 11)\nrf <- ranger::ranger(y ~ ., d, seed = 1)\n"}))
    assert status_of(report, "code-unseeded-randomness") == "pass"


def test_the_projects_own_function_named_like_a_draw_is_not_one(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {"helpers.R": "sample <- function(d) d[1:10, ]\nfirst <- sample(df)\n"}))
    assert status_of(report, "code-unseeded-randomness") == "pass"


def test_r_tests_that_draw_are_reported_apart_from_the_pipeline(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "R/model.R": "fit_model <- function(d) lm(y ~ x, d)\n",
        "tests/testthat/test-model.R": "test_that(\"fits\", {\n  d <- data.frame(x = rnorm(20), y = rnorm(20))\n"
                                      "  expect_s3_class(fit_model(d), \"lm\")\n})\n"}))
    assert evidence(report, "code-test-randomness") == ["tests/testthat/test-model.R:2"]
    assert status_of(report, "code-unseeded-randomness") == "pass"


def test_a_targets_pipeline_seeds_every_target(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "_targets.R": "library(targets)\ntar_source()\nlist(tar_target(draws, simulate(100)))\n",
        "R/functions.R": "simulate <- function(n) rnorm(n)\n"}))
    assert status_of(report, "code-unseeded-randomness") == "pass"


# --- R Markdown and Quarto ----------------------------------------------------------------------------
def test_r_markdown_reads_the_chunks_that_run_and_cites_the_documents_lines(tmp_path, audit_json):
    document = ("---\ntitle: Survey\n---\n\nWe resample with sample() below.\n\n```{r}\nboot <- sample(scores, 100)\n```\n\n"
                "```{r, eval = FALSE}\nrunif(10)\n```\n")
    seeded = "```{r setup}\nset.seed(2024)\n```\n\nText.\n\n```{r}\nboot <- sample(scores, 100)\n```\n"
    report = audit_json(write_files(tmp_path, {"analysis.Rmd": document, "seeded.Rmd": seeded,
                                               "report.qmd": "```{julia}\nx = rand(3)\n```\n"}))
    assert evidence(report) == ["analysis.Rmd:8", "report.qmd:2"]


# --- Julia ----------------------------------------------------------------------------------------
def test_julia_seeds_generators_and_functions(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "seeded.jl": "using Random\nRandom.seed!(42)\nx = rand(10)\nshuffle!(x)\n",
        "own_rng.jl": "using StableRNGs\nconst rng = StableRNG(1)\nx = randn(rng, 5)\ny = rand(MersenneTwister(3), 2)\n",
        "unseeded_rng.jl": "using Random\nrng = MersenneTwister()\nx = rand(rng, 3)\n",
        "library.jl": "function noisy(x; rng = Random.default_rng())\n    return x .+ randn(rng, length(x))\nend\n"
                      "jitter(x) = x + rand()\n",
        "script.jl": "#= rand(1) in a comment =#\nv = randperm(10)\n",
        "reseeded.jl": "using Random\nrng = Xoshiro()\nRandom.seed!(rng, 7)\nx = rand(rng, 2)\n"}))
    assert evidence(report) == ["script.jl:2", "unseeded_rng.jl:2"]
    messages = {f["evidence"]: f["message"] for f in findings_of(report, "code-unseeded-randomness")}
    assert messages["unseeded_rng.jl:2"] == "MersenneTwister() makes a generator with no seed: give it one (MersenneTwister(42))"
    assert messages["script.jl:2"] == "randperm() draws from the global generator with no Random.seed!() before it"


def test_a_pluto_notebook_runs_by_dependency_so_a_seed_anywhere_covers_it(tmp_path, audit_json):
    pluto = ("### A Pluto.jl notebook ###\n# v0.19.40\n\n# ╔═╡ 1\nx = rand(100)\n\n# ╔═╡ 2\nusing Random\n\n"
             "# ╔═╡ 3\nRandom.seed!(1)\n")
    report = audit_json(write_files(tmp_path, {"notebook.jl": pluto}))
    assert status_of(report, "code-unseeded-randomness") == "pass"


# --- Notebooks ------------------------------------------------------------------------------------
def test_r_and_julia_notebooks_are_read_cell_by_cell(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "julia.ipynb": kernel_notebook("Julia", "using Random", "x = rand(3)"),
        "r.ipynb": kernel_notebook("R", "set.seed(1)", "x <- rnorm(3)"),
        "r-late.ipynb": kernel_notebook("R", "library(ggplot2)\nplot(1)", "# draw\nx <- rnorm(3)", "set.seed(1)")}))
    assert status_of(report, "nb-unseeded-randomness") == "fail"
    assert evidence(report, "nb-unseeded-randomness") == ["julia.ipynb:cell 2:1", "r-late.ipynb:cell 2:2"]


# --- Teaching material ------------------------------------------------------------------------------
def test_teaching_material_that_sets_a_seed_shows_the_draws_before_it_on_purpose(tmp_path, audit_json):
    lesson = ("# Each run differs:\nrnorm(3)\nrnorm(3)\n# Until we set a seed:\nset.seed(1)\nrnorm(3)\n")
    report = audit_json(write_files(tmp_path, {
        "README.md": "# Statistics with R: a course\n\nThe lessons of a course, one file a week.\n",
        "lessons/01-randomness.R": lesson, "lessons/02-sampling.R": "x <- sample(1:6, 10, replace = TRUE)\n"}))
    assert evidence(report) == ["lessons/02-sampling.R:1"]  # a lesson that never seeds is still reported


# --- What it says when it cannot read the code ------------------------------------------------------
def test_a_project_in_a_language_the_randomness_checks_do_not_read_is_not_checked_with_what_to_do_by_hand(tmp_path, audit_json, run):
    root = write_files(tmp_path, {"model.m": "x = rand(3);\n", "README.md": "# x\n"})
    report = audit_json(root)
    check = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "code-unseeded-randomness")
    assert check["status"] == "skipped"
    assert check["skip_reason"] == "not checked: it reads Python, R and Julia code only; this project's code is in MATLAB"
    assert check["by_hand"].startswith("Find each call that draws random numbers")
    assert status_of(report, "code-secrets") == "pass"  # it reads every language's text
    _, text, _ = run("audit", root)
    assert ("- code-unseeded-randomness: it reads Python, R and Julia code only; this project's code is in MATLAB. "
            "By hand: Find each call that draws random numbers") in text


def test_a_function_that_seeds_before_running_a_drawing_helper_covers_it(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "R/helpers.R": "jitter_all <- function(x) x + rnorm(length(x))\n",
        "main.R": "source(\"R/helpers.R\")\nmain <- function() {\n  set.seed(5)\n  jitter_all(1:10)\n}\nmain()\n"}))
    assert status_of(report, "code-unseeded-randomness") == "pass"


def test_a_function_handed_to_lapply_is_run_there(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "sim.R": "one_run <- function(i) mean(rnorm(100))\nruns <- lapply(1:50, one_run)\n"}))
    (finding,) = findings_of(report, "code-unseeded-randomness")
    assert finding["evidence"] == "sim.R:1" and finding["message"].endswith(", in a function sim.R:2 runs")


def test_a_package_function_only_a_test_runs_unseeded_is_the_tests_randomness(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "DESCRIPTION": "Package: sim\nVersion: 0.1\n",
        "R/simulate.R": "simulate <- function(n) rnorm(n)\n",
        "tests/testthat/test-simulate.R": "test_that(\"length\", {\n  expect_length(simulate(5), 5)\n})\n"}))
    assert evidence(report, "code-test-randomness") == ["R/simulate.R:1"]
    assert findings_of(report, "code-unseeded-randomness") == []


def test_the_projects_own_seeding_function_seeds_where_it_is_run(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "R/setup.R": "set_up <- function(seed = 1) {\n  set.seed(seed)\n  options(digits = 3)\n}\n",
        "run.R": "source(\"R/setup.R\")\nset_up()\nx <- rnorm(5)\n",
        "early.R": "source(\"R/setup.R\")\ny <- runif(2)\nset_up()\n"}))
    assert evidence(report) == ["early.R:2"]


def test_a_pass_on_the_python_code_of_a_project_that_also_has_r_says_the_r_was_not_checked(tmp_path, audit_json, run):
    root = write_files(tmp_path, {"requirements.txt": "pandas==2.2.2\n", "clean.py": "import pandas\n",
                                  "model.R": "library(lme4)\nfit <- lmer(y ~ x + (1 | g), d)\n"})
    report = audit_json(root)
    check = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "env-imports-declared")
    assert check["status"] == "pass" and check["languages_not_checked"] == ["R"]
    assert check["by_hand"].startswith("List the packages each script and notebook loads")
    randomness = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "code-unseeded-randomness")
    assert randomness["languages_not_checked"] == []  # it reads both
    _, text, _ = run("audit", root)
    assert "env-imports-declared (its R code not checked: check it by hand)" in text
