"""Code checks: unseeded randomness, absolute paths, hard-coded secrets.

One pass reads each file once (a bounded prefix) and runs every scan that
applies to it; the three checks then pick their share of the results.
"""

from __future__ import annotations

from tension_points.audit import filetypes, scanning
from tension_points.audit.context import AuditContext
from tension_points.audit.model import Finding, Location
from tension_points.audit.registry import check


def _scan(context: AuditContext) -> dict[str, list[Finding] | None]:
    results: dict[str, list[Finding]] = {"code-unseeded-randomness": [], "code-absolute-paths": [], "code-secrets": []}
    saw_python = saw_code = False
    for file in context.files:
        if filetypes.is_notebook(file):
            continue  # parsed and scanned cell by cell by the notebook checks
        python = filetypes.is_python(file)
        # Dockerfiles legitimately use absolute paths inside the image.
        path_scan = (filetypes.is_code(file) or filetypes.is_config(file)) and file.name != "Dockerfile"
        secret_scan = filetypes.may_hold_secrets(file)
        if not (python or path_scan or secret_scan):
            continue
        text = context.read_text(file)
        if text is None:
            continue
        saw_python |= python
        saw_code |= path_scan
        if python:
            for hit in scanning.unseeded_randomness(text):
                detail = f" ({hit.detail})" if hit.detail else ""
                results["code-unseeded-randomness"].append(_finding("code-unseeded-randomness", file.rel, text, hit, f"{hit.kind}{detail}"))
        if path_scan:
            for hit in scanning.absolute_paths(text):
                results["code-absolute-paths"].append(_finding("code-absolute-paths", file.rel, text, hit, f"absolute path {hit.detail}"))
        if secret_scan:
            unquoted = file.suffix in filetypes.KEY_VALUE_SUFFIXES or file.name.startswith(".env")
            for hit in scanning.secrets(text, unquoted_values=unquoted):
                results["code-secrets"].append(_finding("code-secrets", file.rel, text, hit, f"{hit.kind} (value not shown)"))
    return {
        "code-unseeded-randomness": results["code-unseeded-randomness"] if saw_python else None,
        "code-absolute-paths": results["code-absolute-paths"] if saw_code else None,
        # Secrets in notebooks are found by the notebook scan and reported here too.
        "code-secrets": results["code-secrets"] + context.memo("notebook-secrets", lambda: _notebook_secrets(context)),
    }


def _notebook_secrets(context: AuditContext) -> list[Finding]:
    from tension_points.audit.notebooks import notebook_secret_findings

    return notebook_secret_findings(context)


def _finding(check_id: str, rel: str, text: str, hit: scanning.Hit, message: str) -> Finding:
    return Finding(check_id, hit.kind, message, Location(rel, scanning.line_number(text, hit.position)))


def _results(context: AuditContext) -> dict[str, list[Finding] | None]:
    return context.memo("code-scan", lambda: _scan(context))


@check("code-unseeded-randomness")
def unseeded_randomness(context: AuditContext) -> list[Finding] | None:
    return _results(context)["code-unseeded-randomness"]


@check("code-absolute-paths")
def absolute_paths(context: AuditContext) -> list[Finding] | None:
    return _results(context)["code-absolute-paths"]


@check("code-secrets")
def hard_coded_secrets(context: AuditContext) -> list[Finding] | None:
    return _results(context)["code-secrets"]
