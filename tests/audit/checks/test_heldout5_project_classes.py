"""Classes of false alarm, unclear finding and miss in the project checks found by the fifth held-out batch
(issue 24, judge K)."""

from __future__ import annotations

from ..conftest import findings_of, status_of, write_files

BOOK = "# A Tour of Python\n\nThe notebooks of a short book on Python, one chapter each.\n\n"


def test_a_licence_and_citation_section_with_the_attribution_to_use_says_how_to_cite(tmp_path, audit_json):
    section = ("## License and Citation\n\nThis material is released under CC0.\n\nIf you do use this material, I would "
               "appreciate attribution: *A Tour of Python* by A. Author (Publisher), 2016.\n")
    write_files(tmp_path / "cited", {"README.md": BOOK + section, "01-Intro.ipynb": "{}"})
    write_files(tmp_path / "licence", {"README.md": BOOK + "## License\n\nReleased under CC0.\n", "01-Intro.ipynb": "{}"})
    assert status_of(audit_json(tmp_path / "cited"), "project-citation") == "pass"
    (finding,) = findings_of(audit_json(tmp_path / "licence"), "project-citation")
    assert finding["message"].startswith("no CITATION.cff, and nothing in the README says how to cite it")
