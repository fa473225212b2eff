"""``tension-points audit``: a static, local reproducibility audit of a project folder.

It reads files and asks Git read-only questions; it never imports, executes or
installs anything from the audited folder and never writes into it. What it
checks, and why, comes from the single checklist in ``data/checklist.yaml``.
"""
