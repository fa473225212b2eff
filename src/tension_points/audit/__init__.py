"""``tension-points audit``: a static, local reproducibility audit of a project folder.

It reads files and asks Git read-only questions; it never imports, executes or
installs anything from the audited folder and never writes into it. What it
checks, and why, comes from the single checklist in ``data/checklist.yaml``.

The audit runs in one direction (ARCHITECTURE.md draws it): ``read/`` lists and
reads the folder, ``parse/`` turns each file into facts once, ``facts.py``
builds one ProjectFacts, ``checks/`` are pure functions of it, ``findings.py``
merges and ranks what they find, ``runner.py`` assembles the report and
``report.py`` renders it. ``runner.run_audit`` is the entry point.
"""
