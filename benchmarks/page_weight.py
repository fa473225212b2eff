"""Page weight of the built site: for every page, the HTML plus every resource the browser loads for it.

Usage: .venv/bin/python benchmarks/page_weight.py [_build/html]

Loads each page in headless Chromium over 127.0.0.1 with an empty cache and adds up the
uncompressed bodies of every response (HTML, CSS, JS, fonts, images). Prints the median and
the maximum, the heaviest module page and the heaviest pages, and beside them the first
paint of a few pages on throttled "workshop wifi" (Chrome DevTools network emulation:
1.6 Mbps down, 750 kbps up, 150 ms latency; empty cache, median of three loads).

Budgets: median page <= 150 KB, no module page over 200 KB. Exits 1 when one is missed.
"""

from __future__ import annotations

import functools
import http.server
from contextlib import contextmanager
import statistics
import sys
import threading
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


BUDGETS = {"median_kb": 150.0, "module_max_kb": 200.0}
# "Workshop wifi": what a room of thirty people on one access point can expect.
WIFI = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PAINTED_PAGES = ("index.html", "modules/04-reproducibility.html", "exercises/ownership-matrix.html")


@contextmanager
def served_browser(html_dir: Path):
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                yield browser, f"http://127.0.0.1:{server.server_address[1]}"
            finally:
                browser.close()
    finally:
        server.shutdown()


def pages_of(html_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(html_dir)) for p in html_dir.rglob("*.html") if "_static" not in p.parts)


def measure(html_dir: Path) -> dict[str, int]:
    return {path: weight for path, (weight, _) in measure_requests(html_dir).items()}


def measure_requests(html_dir: Path) -> dict[str, tuple[int, int]]:
    """Every page's weight in bytes and its number of requests."""
    results: dict[str, tuple[int, int]] = {}
    with served_browser(html_dir) as (browser, base):
        for path in pages_of(html_dir):
            context = browser.new_context()  # a fresh context: nothing cached from the page before
            page = context.new_page()
            sizes: list[int] = []
            page.on("response", lambda response: sizes.append(len(response.body())) if response.ok else None)
            page.goto(f"{base}/{path}", wait_until="networkidle")
            results[path] = (sum(sizes), len(sizes))
            context.close()
    return results


def first_paint(html_dir: Path, pages: tuple[str, ...] = PAINTED_PAGES, loads: int = 3) -> dict[str, float]:
    """Seconds to first contentful paint on throttled wifi, empty cache, median of ``loads``."""
    results: dict[str, float] = {}
    with served_browser(html_dir) as (browser, base):
        for path in pages:
            times = []
            for _ in range(loads):
                context = browser.new_context()
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", WIFI)
                page.goto(f"{base}/{path}", wait_until="load")
                paint = page.evaluate(
                    "() => { const e = performance.getEntriesByName('first-contentful-paint')[0];"
                    " return e ? e.startTime : null; }")
                if paint is None:  # not painted yet at load: wait for it
                    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
                    paint = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
                times.append(paint / 1000)
                context.close()
            results[path] = statistics.median(times)
    return results


def main() -> int:
    html_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    if not (html_dir / "index.html").exists():
        print(f"{html_dir}/index.html not found: build the site first (make html)", file=sys.stderr)
        return 2
    results = measure_requests(html_dir)
    weights = {path: weight for path, (weight, _) in results.items()}
    values = sorted(weights.values())
    modules = {path: weight for path, weight in weights.items() if path.startswith("modules/")}
    median_kb, module_max_kb = statistics.median(values) / 1000, max(modules.values(), default=0) / 1000
    print(f"pages: {len(values)}")
    print(f"median page weight: {median_kb:.0f} KB (budget {BUDGETS['median_kb']:.0f} KB), "
          f"median requests: {statistics.median(n for _, n in results.values()):.0f}")
    print(f"maximum page weight: {values[-1] / 1000:.0f} KB; heaviest module page: {module_max_kb:.0f} KB "
          f"(budget {BUDGETS['module_max_kb']:.0f} KB)")
    for path, weight in sorted(weights.items(), key=lambda item: -item[1])[:3]:
        print(f"  {weight / 1000:6.0f} KB in {results[path][1]:2d} requests  {path}")
    print("first contentful paint on workshop wifi (1.6 Mbps, 150 ms; empty cache, median of 3):")
    for path, seconds in first_paint(html_dir).items():
        print(f"  {seconds:5.2f} s  {weights[path] / 1000:4.0f} KB in {results[path][1]:2d} requests  {path}")
    met = median_kb <= BUDGETS["median_kb"] and module_max_kb <= BUDGETS["module_max_kb"]
    print("budgets: " + ("met" if met else "MISSED"))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
