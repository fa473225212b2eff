"""Classes of false alarm in the environment checks found by the sixth held-out batch (issue 24, judge N)."""

from __future__ import annotations

from ..conftest import findings_of, write_files

# A Snakemake workflow whose rules (in rules/*.smk, included by the Snakefile) each name their own conda
# environment in env/ (not Snakemake's envs/ folder): snakemake --use-conda builds each for its rule alone.
SNAKEFILE = 'include: "rules/fit.smk"\n\nrule all:\n    input: "results/plot.png"\n'
RULES = ('rule fit:\n    output: "results/fit.csv"\n    conda: "../env/a.yaml"\n    script: "../scripts/fit.py"\n\n'
         'rule plot:\n    input: "results/fit.csv"\n    output: "results/plot.png"\n    conda:\n        "../env/b.yaml"\n'
         '    shell: "python scripts/plot.py {input} {output}"\n')
ENV_A = "channels:\n  - conda-forge\ndependencies:\n  - python=3.11.6\n  - pandas=2.2.2\n  - py-xgboost-gpu=2.1.4\n"
ENV_B = "channels:\n  - conda-forge\ndependencies:\n  - python=3.10.14\n  - pandas=2.1.4\n  - matplotlib=3.8.0\n"


def _workflow(tmp_path, plot_code: str):
    write_files(tmp_path, {"Snakefile": SNAKEFILE, "rules/fit.smk": RULES, "env/a.yaml": ENV_A, "env/b.yaml": ENV_B,
                           "scripts/fit.py": "import pandas\nimport xgboost\n", "scripts/plot.py": plot_code,
                           "README.md": "Run `snakemake all --use-conda --cores 2`.\n"})


def test_a_conda_file_a_snakemake_rule_names_is_that_rules_environment_not_a_binder_one(tmp_path, audit_json):
    _workflow(tmp_path, "import sys\nimport pandas\nimport matplotlib.pyplot as plt\n")
    report = audit_json(tmp_path)
    assert findings_of(report, "env-builder-ambiguity") == []  # Snakemake builds env/a.yaml and env/b.yaml, not Binder
    assert findings_of(report, "env-specs-agree") == []  # two rules' environments: two Pythons, two pandas, no disagreement
    assert findings_of(report, "env-imports-declared") == []  # xgboost is conda's py-xgboost-gpu
    assert findings_of(report, "env-pinned-versions") == []  # every package held to a version


def test_an_import_no_rules_environment_declares_is_still_reported(tmp_path, audit_json):
    _workflow(tmp_path, "import pandas\nimport matplotlib.pyplot as plt\nimport seaborn\n")
    report = audit_json(tmp_path)
    (finding,) = findings_of(report, "env-imports-declared")
    assert finding["evidence"] == "scripts/plot.py:3"
    assert finding["message"].startswith("imports seaborn")
    assert findings_of(report, "env-builder-ambiguity") == []
