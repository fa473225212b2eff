"""R and Julia read as tokens: comments, strings and chunks that are not run are never taken for code."""

from __future__ import annotations

from tension_points.audit.parse.rjulia import chunk_code, read, tokens


def calls(source: str, language: str) -> list[tuple[str, int, str | None]]:
    return [(c.name, c.line, c.scope) for c in read(source, language).calls]


def test_r_comments_strings_and_raw_strings_are_not_calls():
    source = ('# rnorm(1) in a comment\nx <- "rnorm(2) in a string"\ny <- r"(sample(3) in a raw string)"\n'
              "z <- 'it''s'\nw <- runif(4)  # runif(5)\n")
    assert calls(source, "R") == [("runif", 5, None)]


def test_r_namespaces_join_names_and_functions_have_scopes():
    source = ("simulate <- function(n) {\n  withr::local_seed(1)\n  stats::rnorm(n)\n}\n"
              "one_line = function(x) runif(x)\nlapply(1:3, function(i) sample(i))\nsimulate(2)\n")
    assert calls(source, "R") == [("withr::local_seed", 2, "simulate"), ("stats::rnorm", 3, "simulate"),
                                  ("runif", 5, "one_line"), ("lapply", 6, None), ("sample", 6, None), ("simulate", 7, None)]


def test_julia_block_comments_nest_and_triple_quoted_strings_span_lines():
    source = ('#= rand(1)\n #= nested rand(2) =#\n still a comment rand(3) =#\ns = """\nrand(4)\n"""\n'
              'x = rand(5)\nm = r"rand(6)"\n')
    assert calls(source, "Julia") == [("rand", 7, None)]


def test_julia_functions_end_at_their_end_not_at_an_index():
    source = ("using Random\nfunction draw(n; rng = Random.default_rng())\n    x = rand(n)\n    y = x[end]\n"
              "    if n > 1\n        shuffle!(x)\n    end\n    return x\nend\nshort(x) = randn(x)\nz = randperm(3)\n")
    assert calls(source, "Julia") == [("rand", 3, "draw"), ("shuffle!", 6, "draw"), ("randn", 10, "short"), ("randperm", 11, None)]


def test_keywords_and_first_arguments_are_read():
    (call,) = read("fit <- stan(model, data = d,\n  seed = 42)\n", "R").calls
    assert call.keywords == {"data", "seed"} and [t.text for t in call.arguments[0]] == ["model"]
    julia = read("a = rand(rng, 3)'\n", "Julia").calls[0]
    assert [t.text for t in julia.arguments[0]] == ["rng"]


def test_r_markdown_keeps_only_the_chunks_knitting_runs():
    document = ("---\ntitle: x\n---\nWe call rnorm(10) below.\n\n```{r setup}\nset.seed(1)\n```\n\n"
                "```{r, eval=FALSE}\nsample(1:3)\n```\n\n```{python}\nimport random\n```\n\n```{r}\n#| eval: false\nrunif(1)\n```\n"
                "```{r}\nx <- rnorm(2)\n```\n")
    code = chunk_code(document, "R")
    assert code.count("\n") == document.count("\n")  # lines kept, so findings cite the document's own lines
    assert [(c.name, c.line) for c in read(code, "R").calls] == [("set.seed", 7), ("rnorm", 23)]


def test_a_hostile_file_is_bounded_and_never_raises():
    assert len(tokens("(" * 500_000, "R")) <= 150_000
    read('"unterminated\n#= never closed\n' + "f(" * 1000, "Julia")
    read("r\"(never closed\n\\(x\n", "R")


def test_a_file_longer_than_the_bound_says_it_was_read_in_part(tmp_path):
    from tension_points.audit.parse.rjulia import MAX_TOKENS

    assert read("x <- rnorm(1)\n" * (MAX_TOKENS // 7 + 10), "R").read_in_part
    assert not read("x <- rnorm(1)\n" * 100, "R").read_in_part
