"""Notebooks read as JSON, their code with IPython's magics and shell lines apart."""

from __future__ import annotations

import json

from tension_points.audit.parse.notebook import parse_notebook


def notebook_text(*sources: str) -> str:
    cells = [{"cell_type": "code", "metadata": {}, "source": source, "execution_count": None, "outputs": []} for source in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_shell_line_that_is_a_blocks_only_body_keeps_the_code_parseable():
    # Colab's install cell: without a body the `if` would not parse and the notebook be read as text.
    parsed = parse_notebook("a.ipynb", notebook_text("IN_COLAB = 'google.colab' in str(get_ipython())\nif IN_COLAB:\n"
                                                     "    !pip install empiricaldist\n", "import numpy as np\nnp.random.seed(1)"))
    assert parsed.python.parsed and not parsed.python.problem
    assert [line.command for line in parsed.shell] == ["pip install empiricaldist"]
    assert [c.name for c in parsed.python.calls][-1] == "np.random.seed"
