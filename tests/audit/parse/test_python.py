"""Python read through its syntax tree: names resolved through imports, strings and comments never taken for code."""

from __future__ import annotations

from tension_points.audit.parse.python import parse_python, resolve


def resolved_calls(source: str) -> list[str]:
    facts = parse_python(source)
    defined = set(facts.functions) | facts.classes
    return [resolve(call.name, facts.aliases, facts.star_modules, defined) for call in facts.calls]


def test_aliases_and_from_imports_resolve_to_the_library():
    source = ("import numpy.random as npr\nfrom numpy.random import rand\n"
              "from sklearn.model_selection import train_test_split as tts\nimport numpy as npy\n"
              "npr.rand(2)\nrand(3)\ntts(X, y)\nnpy.random.normal()\n")
    assert resolved_calls(source) == ["numpy.random.rand", "numpy.random.rand",
                                      "sklearn.model_selection.train_test_split", "numpy.random.normal"]


def test_a_projects_own_class_or_function_is_not_the_librarys():
    source = "from sklearn.cluster import *\nclass KMeans:\n    pass\ndef train_test_split(X, seed):\n    pass\nKMeans()\ntrain_test_split(1, 2)\n"
    assert resolved_calls(source) == ["KMeans", "train_test_split"]


def test_strings_docstrings_and_comments_are_not_code():
    facts = parse_python('"""Example: np.random.rand(1)"""\n# np.random.rand(2)\nx = "np.random.rand(3)"\n')
    assert facts.calls == []
    assert facts.strings == [("np.random.rand(3)", 3)]


def test_a_format_string_holds_a_newline_not_a_backslash():
    (value, _), = parse_python('message = "x:\\n{}".format(1)\n').strings
    assert value == "x:\n{}"


def test_guarded_imports_are_marked():
    facts = parse_python("try:\n    import ujson as json\nexcept ImportError:\n    import json\n"
                         "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas\nimport numpy\n")
    # the fallback under `except ImportError` runs only where the first import failed: guarded too
    assert [(i.module, i.guarded) for i in facts.imports] == [
        ("ujson", True), ("json", True), ("typing", False), ("pandas", True), ("numpy", False)]


def test_keyword_arguments_are_read_as_values():
    (call,) = parse_python("f(x, random_state=None, init=centres, n=3, url=f'https://x/{y}')\n").calls
    assert call.keyword("random_state").is_none
    assert call.keyword("init").kind == "name"
    assert call.keyword("n").constant == 3
    assert call.keyword("url").text == "https://x/{}"


def test_a_digest_compared_is_counted_and_md5_in_a_comment_is_not():
    assert parse_python("# check the md5 later\nimport hashlib\nh = hashlib.md5(b'').hexdigest()\n").digest_checks == 0
    assert parse_python("import hashlib\nassert hashlib.sha256(b'').hexdigest() == EXPECTED\n").digest_checks == 1
    assert parse_python("import hashlib\nd = hashlib.sha256(b'').hexdigest()\nif d != EXPECTED:\n    raise SystemExit\n").digest_checks == 1


def test_python_2_is_read_as_text_and_says_so():
    facts = parse_python("import numpy as np\nprint 'hello'\nnp.random.seed(1)\ndef g(x):\n    return np.random.rand(x)\n")
    assert not facts.parsed and facts.problem.startswith("not valid Python 3 (line 2")
    assert [i.module for i in facts.imports] == ["numpy"]
    assert [(c.name, c.line, c.scope) for c in facts.calls] == [("np.random.seed", 3, None), ("np.random.rand", 5, "g")]
    assert facts.aliases["np"] == "numpy"


def test_a_very_large_file_is_read_as_text():
    facts = parse_python("import random\n" + "random.random()\n" * 20_000)
    assert not facts.parsed and "read as text" in facts.problem
    assert len(facts.calls) == 20_000


def test_the_main_guard_and_definitions_are_seen():
    facts = parse_python("def main(alpha=0.5):\n    pass\nclass Model:\n    pass\nif __name__ == '__main__':\n    main()\n")
    assert facts.main_guard and facts.functions["main"].parameters == ("alpha",) and facts.classes == {"Model"}


def test_strings_compared_or_searched_for_are_needles_not_paths():
    facts = parse_python('assert "/Users/robin/" in text\nif name.startswith("/home/"):\n    pass\nDATA = "/home/amy/x.csv"\n')
    assert facts.strings == [("/home/amy/x.csv", 4)]
