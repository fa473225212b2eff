"""Specification files parsed with packaging, tomllib, ast and PyYAML's composer, never run."""

from __future__ import annotations

from tension_points.audit.parse.specs import parse_spec


def names(spec) -> list[str]:
    return [r.name for r in spec.requirements]


def test_setup_py_is_read_through_its_syntax_tree():
    spec = parse_spec("setup.py", "from setuptools import setup\nREQUIRED = ['pandas>=2']\n"
                                  "setup(name='churn', install_requires=REQUIRED + ['requests[socks]>=2'], python_requires='>=3.10')\n")
    assert names(spec) == ["pandas", "requests"]
    assert spec.package == "churn" and spec.python == ">=3.10"


def test_a_setup_py_that_reads_requirements_txt_includes_it():
    spec = parse_spec("setup.py", "setup(name='x', install_requires=open('requirements.txt').read().splitlines())\n")
    assert spec.includes == ["requirements.txt"]


def test_requirements_lines_with_extras_markers_urls_and_options():
    spec = parse_spec("requirements.txt", "-r base.txt\npandas[performance]==2.2.2 ; python_version > '3.8'\n"
                                          "git+https://github.com/o/r@master#egg=tool\nx @ https://h/x-1.0.tar.gz\n-e .\n")
    assert spec.includes == ["base.txt"] and spec.installs_project
    assert [(r.name, r.pinned) for r in spec.requirements] == [("pandas", True), ("tool", False), ("x", True)]


def test_a_pip_freeze_is_a_lock_by_its_shape_not_by_todays_dependencies():
    pins = [f"package{i:03d}=={i}.0" for i in range(195)]  # a 2019 freeze: no fonttools, contourpy or tzdata
    assert parse_spec("requirements.txt", "\n".join(pins) + "\n").lock.startswith("the shape of pip freeze")
    assert parse_spec("requirements.txt", "\n".join(reversed(pins)) + "\n").lock == ""  # typed by hand, in no order
    assert parse_spec("requirements.txt", "pandas==2.2.3\n").lock == ""
    assert parse_spec("requirements.txt", "numpy==2.1.1\npandas==2.2.3\npython-dateutil==2.9.0\npytz==2024.2\n").lock


def test_conda_single_equals_and_an_exported_environment():
    spec = parse_spec("environment.yml", "dependencies:\n  - python=3.11\n  - pandas=2.2\n  - numpy==2.1.1\n")
    assert spec.python == "=3.11"
    assert [(r.name, r.pinned, r.note) for r in spec.requirements] == [
        ("pandas", False, "in conda, '=2.2' means any 2.2.x release"), ("numpy", True, "")]
    export = "name: x\ndependencies:\n" + "".join(f"  - pkg{i}=1.{i}=py311_0\n" for i in range(12)) + "prefix: /opt/conda\n"
    assert parse_spec("environment.yml", export).lock.startswith("the shape of conda env export")


def test_an_alias_bomb_is_not_expanded_and_its_lists_are_counted():
    levels = ["a: &a [x,x,x,x,x,x,x,x,x]"] + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    spec = parse_spec("environment.yml", "\n".join(levels) + "\ndependencies: [*i, *i]\n")
    assert spec.requirements == [] and spec.skipped_entries == 2


def test_pyproject_poetry_and_tool_settings():
    poetry = parse_spec("pyproject.toml", '[tool.poetry]\nname = "r"\n[tool.poetry.dependencies]\npython = "^3.11"\n'
                                          'pandas = "2.2.2"\nnumpy = "^2"\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n')
    assert poetry.python == "^3.11" and [(r.name, r.pinned) for r in poetry.requirements] == [("pandas", True), ("numpy", False)]
    assert poetry.optional == {"pytest"}
    assert parse_spec("pyproject.toml", "[tool.ruff]\nline-length = 100\n").tool_settings_only


def test_a_dockerfile_its_stages_python_and_installs():
    spec = parse_spec("Dockerfile", "FROM python:3.11-slim AS build\nWORKDIR /app\nRUN pip install -r requirements.txt && pip install pandas\n"
                                    "FROM build\nCOPY . /app/src\n")
    assert spec.images == [("python", "3.11-slim", 1)]
    assert spec.python == "3.11" and spec.includes == ["requirements.txt"] and names(spec) == ["pandas"]
    assert spec.container_paths == ["/app", "/app/src"]


def test_mlproject_names_its_environment_and_entry_points():
    spec = parse_spec("MLproject", "name: wine\nconda_env: conda.yaml\nentry_points:\n  main:\n    parameters:\n"
                                   "      alpha: {type: float, default: 0.1}\n    command: python train.py --alpha {alpha}\n")
    assert spec.environment_file == "conda.yaml"
    (entry,) = spec.entry_points
    assert entry.parameters == {"alpha": "0.1"} and entry.command == "python train.py --alpha {alpha}"


def test_a_broken_file_is_a_problem_not_a_crash():
    assert parse_spec("pyproject.toml", "[project\n").problem
    assert parse_spec("setup.py", "setup(\n").problem
