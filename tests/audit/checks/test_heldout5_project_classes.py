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


def test_a_run_script_in_a_sub_folder_running_a_file_the_project_lacks_is_found(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Solution\n\n```\nbash model_a/run.sh\n```\n",
                           "model_a/run.sh": "lr=0.1\npython train.py --lr $lr\npython run_models.py --lr $lr\n",
                           "model_a/train.py": "print(1)\n",
                           "model_b/run.sh": "cd model_b\npython fit.py\ncd utils\npython stack.py\n", "model_b/fit.py": "print(1)\n",
                           "model_b/utils/stack.py": "print(1)\n",
                           "model_c/get.sh": "git clone https://github.com/o/tool.git\npython tool/run.py\n"})
    found = [f for f in findings_of(audit_json(tmp_path), "project-readme") if f["kind"] == "script names a missing file"]
    assert [(f["evidence"], f["message"]) for f in found] == [
        ("model_a/run.sh:3", "model_a/run.sh runs run_models.py, which is not in the project")]
