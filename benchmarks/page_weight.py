"""Page weight of the built site: for every page, the HTML plus every resource the browser loads for it.

Usage: .venv/bin/python benchmarks/page_weight.py [_build/html]

Loads each page in headless Chromium over 127.0.0.1 with an empty cache and adds up the
uncompressed bodies of every response (HTML, CSS, JS, fonts, images). Prints the median and
the maximum, and the heaviest pages.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def measure(html_dir: Path) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    weights: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for path in sorted(p.relative_to(html_dir) for p in html_dir.rglob("*.html") if "_static" not in p.parts):
                context = browser.new_context()  # a fresh context: nothing cached from the page before
                page = context.new_page()
                sizes: list[int] = []
                page.on("response", lambda response: sizes.append(len(response.body())) if response.ok else None)
                page.goto(f"{base}/{path}", wait_until="networkidle")
                weights[str(path)] = sum(sizes)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return weights


def main() -> int:
    html_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    if not (html_dir / "index.html").exists():
        print(f"{html_dir}/index.html not found: build the site first (make html)", file=sys.stderr)
        return 2
    weights = measure(html_dir)
    values = sorted(weights.values())
    print(f"pages: {len(values)}")
    print(f"median page weight: {statistics.median(values) / 1000:.0f} KB")
    print(f"maximum page weight: {values[-1] / 1000:.0f} KB")
    for path, weight in sorted(weights.items(), key=lambda item: -item[1])[:3]:
        print(f"  {weight / 1000:6.0f} KB  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
