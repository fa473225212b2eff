"""Reproducible builds: two clean builds of the same sources, with SOURCE_DATE_EPOCH set from
the last commit (as the Makefile sets it), give a byte-identical web site and identical
learner PDFs; figures and notebooks carry no timestamps or random ids.

The two clean builds take about a minute on two cores (marked ``slow``; ``make test`` runs
them): each has its own output, doctrees and Jupyter cache, so nothing is shared.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from paths import REPO


def source_date_epoch() -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    run = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True)
    return run.stdout.strip() or "1700000000"


def build(target: Path, edition: str, builder: str) -> Path:
    """A clean build of the repository's sources into ``target``, as `make` builds it."""
    env = {
        **os.environ, "TP_EDITION": edition, "TP_JUPYTER_CACHE": str(target / "jupyter-cache"),
        "SOURCE_DATE_EPOCH": source_date_epoch(),
    }
    out = target / builder
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", builder,
               str(REPO), str(out), "-d", str(target / "doctrees")]
    run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    if builder == "latex":
        run = subprocess.run(
            ["make", "-C", str(out), "all-pdf", "LATEXMKOPTS=-quiet -interaction=nonstopmode -halt-on-error"],
            env=env, capture_output=True, text=True, timeout=900,
        )
        assert run.returncode == 0, run.stdout[-3000:]
    return out


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_clean_builds_of_the_site_are_byte_identical(tmp_path):
    first, second = (tree(build(tmp_path / name, "web", "html")) for name in ("first", "second"))
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []
    assert len(first) > 50


@pytest.mark.slow
def test_two_clean_builds_of_the_learner_pdf_have_the_same_text_and_metadata(tmp_path):
    pdfs = [build(tmp_path / name, "learner", "latex") / "tension-points-course.pdf" for name in ("first", "second")]
    text = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout for p in pdfs]
    info = [subprocess.run(["pdfinfo", str(p)], capture_output=True, text=True, check=True).stdout for p in pdfs]
    assert text[0] == text[1]
    assert info[0] == info[1]
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes(), "xelatex honours SOURCE_DATE_EPOCH: the PDFs are byte-identical"


# Fast checks on the site `make` built --------------------------------------------------------


def png_text_chunks(path: Path) -> list[tuple[bytes, bytes]]:
    data, chunks, index = path.read_bytes(), [], 8
    while index < len(data):
        length, kind = struct.unpack(">I4s", data[index : index + 8])
        if kind in (b"tEXt", b"iTXt", b"zTXt", b"tIME"):
            chunks.append((kind, data[index + 8 : index + 8 + length]))
        index += 12 + length
    return chunks


def test_figures_carry_no_timestamps(html_dir):
    images = sorted((html_dir / "_images").glob("*"))
    assert images
    for image in images:
        if image.suffix == ".png":
            chunks = png_text_chunks(image)
            assert not [c for c in chunks if c[0] == b"tIME" or re.search(rb"(?i)date|time", c[1])], image.name
        elif image.suffix == ".svg":
            assert not re.search(r"<dc:date>|CreationDate", image.read_text(encoding="utf-8")), image.name


def test_notebooks_have_stable_cell_ids(html_dir):
    from tension_points.notebook_export import stable_cell_id

    notebooks = sorted((html_dir / "_notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            assert cell["id"] == stable_cell_id(index, source), f"{path.name} cell {index}"
            assert "execution_count" not in cell or cell["execution_count"] is None


def test_stable_cell_ids_depend_on_place_and_text_only():
    from tension_points.notebook_export import stable_cell_id

    assert stable_cell_id(0, "x = 1") == stable_cell_id(0, "x = 1")
    assert len({stable_cell_id(0, "x = 1"), stable_cell_id(1, "x = 1"), stable_cell_id(0, "x = 2")}) == 3
    assert re.fullmatch(r"[0-9a-f]{8}", stable_cell_id(3, ""))
