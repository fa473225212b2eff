"""A hall rehearsal of the live room (issue 26's "Done when"): one room server on the kit's own
course (the half-day agenda: surveys, a word cloud, the Wizard of Oz, an action plan, a wall), a
console, a projector at 1280x720 and PHONES phones (default 60) in headless Chromium, loopback only.

Typos at the door (every fourth phone types a wrong code first); every live item of the agenda
answered from the phones, revealed and checked on the projector (text of 32 px or more, nothing
cut or off-screen, every page of a paged result looked at); a Wizard of Oz game with two groups
seated from the phones, one question asked and answered, on the projector; two restarts of the
server (kill -9 during the word cloud, Ctrl-C during the wall), with phones sending answers while
it is down; after each, the time until every screen says Connected. At the end the room's export
is counted against what the phones sent, and the server's whole terminal output is scanned for
Traceback / Exception / CancelledError.

    PHONES=60 flock /tmp/tp-heavy.lock .venv/bin/python benchmarks/hall_rehearsal.py OUTDIR

(AGENDA=taster|half-day|full-day picks the ready agenda; half-day by default.)

Prints the figures and a list of problems; screenshots in OUTDIR. Exit 0 when no problem was
found, 1 when some were. Bounded: every wait has a timeout; the server is stopped at the end."""
import json, os, re, signal, subprocess, sys, threading, time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the room tests' server fixture and projector check
import httpx2 as httpx  # noqa: E402
from playwright.sync_api import sync_playwright, expect  # noqa: E402
from room.room_fixtures import start_server, Server  # noqa: E402
from room.test_browser_projector import CHECK  # noqa: E402
from tension_points.course import course_root  # noqa: E402

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/hall_rehearsal"); OUT.mkdir(parents=True, exist_ok=True)
N = int(os.environ.get("PHONES", "60"))
AGENDA = os.environ.get("AGENDA", "half-day")
ROLES = ["data-scientist", "data-engineer", "ml-engineer", "software-engineer", "product-manager", "other"]
ROLE_TITLES = {"user": "The user", "wizard": "The wizard (the model)", "observer": "The observer"}
problems, timings = [], {}
sent = Counter()  # acknowledged answers per activity, as the phones showed them
log_lines: list[str] = []  # every server's whole terminal output


def note(what):
    print("PROBLEM:", what, flush=True); problems.append(what)


def keep_reading(server: Server):
    """The server's terminal, read to its end (the fixture stops reading once it has started)."""
    log_lines.extend(server.output)
    def pump():
        for line in server.process.stdout:
            log_lines.append(line.rstrip("\n"))
    threading.Thread(target=pump, daemon=True).start()
    return server


def launch(room_file, port=0):
    return keep_reading(start_server(room_file, "--course", str(course_root()), "--agenda", AGENDA, port=port))


def main():
    room_file = OUT / "room.sqlite"
    for f in OUT.glob("room*"): f.unlink()
    server = launch(room_file)
    restart.server = server
    port, token, code = server.port, server.token, server.code
    base = f"http://127.0.0.1:{port}"
    errors = []

    def state():
        with httpx.Client(base_url=base, timeout=10, headers={"authorization": f"Bearer {token}"}) as facilitator:
            return facilitator.get("/f/api/state").json()

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        def watch(page, name):
            page.on("pageerror", lambda e: errors.append(f"{name}: pageerror {e}"))
        console = b.new_context(viewport={"width": 1280, "height": 800}).new_page(); watch(console, "console")
        console.goto(f"{base}/f/?token={token}")
        projector = b.new_context(viewport={"width": 1280, "height": 720}).new_page(); watch(projector, "projector")
        projector.goto(f"{base}/f/projector?token={token}")
        expect(projector.locator("#connection")).to_have_text("Connected")
        projector.screenshot(path=str(OUT / "00-projector-before-join.png"))

        # --- The door: 60 phones, every fourth typing a wrong code first ---------------------
        phones = []
        t = time.monotonic()
        for n in range(N):
            width = 375 if n % 3 == 0 else 412
            ctx = b.new_context(viewport={"width": width, "height": 740 if width == 375 else 915}, is_mobile=True, has_touch=True)
            page = ctx.new_page(); watch(page, f"phone{n}")
            if n % 4 == 1:
                page.goto(f"{base}/")
                page.fill("#code", code[:5] + ("X" if code[5] != "X" else "Y"))
                page.locator(f"input[name=role][value={ROLES[n % 6]}]").check()
                page.get_by_role("button", name="Join").click()
                expect(page.locator("#join-error")).not_to_have_text("")
                page.fill("#code", code.lower() if n % 8 == 1 else f" {code} ")
            else:
                page.goto(f"{base}/j/{code}")
            page.locator(f"input[name=role][value={ROLES[n % 6]}]").check()
            if n % 5 == 0: page.fill("#team", f"Table {n // 5 + 1}")
            page.get_by_role("button", name="Join").click()
            try:
                page.wait_for_url("**/p/", timeout=10000)
                expect(page.locator("#connection")).to_have_text("Connected")
            except Exception:
                note(f"phone {n} could not join: {page.locator('#join-error').text_content() if page.locator('#join-error').count() else page.url}")
                page.screenshot(path=str(OUT / f"join-fail-{n}.png"))
                continue
            phones.append((n, page, width))
        timings["join_all_s"] = round(time.monotonic() - t, 1)
        timings["joined"] = f"{len(phones)} of {N} ({sum(1 for n in range(N) if n % 4 == 1)} with a wrong code first)"
        expect(projector.locator("#roster")).to_contain_text(f"{len(phones)} joined")
        projector.screenshot(path=str(OUT / "01-projector-joined.png"))

        # --- The agenda, item by item, from the console's buttons ------------------------------
        agenda = state()["agenda"]
        restarts = {"cross-training-opening-question": "SIGKILL", "closing-feedback": "SIGINT"}
        console.locator("#next").click()
        step = 0
        while True:
            step += 1
            s = state()
            seg = s["state"].get("segment") or {}
            expect(console.locator("#segment-title")).to_contain_text(seg.get("title", "?"), timeout=10000)
            act = s["state"].get("activity") or {}
            title = seg.get("title", "?")
            if act and act.get("kind") == "woz":
                print(f"step {step}: {title} -> Wizard of Oz", flush=True)
                run_woz(b, console, projector, phones, base, token, act)
            elif act:
                kind = act["kind"]
                print(f"step {step}: {title} -> {act['id']} ({kind})", flush=True)
                console.get_by_role("button", name="Open for answers").click()
                expect(phones[0][1].locator("#activity-title")).to_have_text(act["title"], timeout=10000)
                answer_all(phones, kind, act)
                if act["id"] in restarts:
                    restart(restarts[act["id"]], act, phones, projector, console, room_file, port)
                    server = restart.server
                expect(console.locator("#answered")).to_contain_text(f"{sent[act['id']]} answer", timeout=15000) if kind not in ("handoff-map", "ownership-matrix", "survey", "plan") else None
                if console.get_by_role("button", name="Reveal results").is_visible():
                    console.get_by_role("button", name="Reveal results").click()
                    look_projector(b, base, token, projector, f"{step:02d}-{act['id']}", kind, act)
                phones[0][1].screenshot(path=str(OUT / f"{step:02d}-phone-{act['id']}.png"), full_page=True)
                for _, page, width in phones[:: max(1, len(phones) // 6)]:
                    w = page.evaluate("document.documentElement.scrollWidth")
                    if w > width + 0.5: note(f"phone {width}px scrolls sideways ({w}px) in {act['id']}")
            else:
                print(f"step {step}: {title} (no live activity)", flush=True)
            if seg.get("index", 0) >= agenda[-1]["index"] or step > 60:
                break
            console.locator("#next").click()
            try:
                expect(console.locator("#segment-title")).not_to_contain_text(title, timeout=10000)
            except Exception:
                note(f"the console still showed '{title}' 10 s after Next item")
                break
        console.screenshot(path=str(OUT / "99-console.png"), full_page=True)
        b.close()

    # --- The end: Ctrl-C, the export counted, the terminal scanned ----------------------------
    server.process.send_signal(signal.SIGINT); server.process.wait(15); time.sleep(0.5)
    export = subprocess.run([sys.executable, "-m", "tension_points", "room", "export", "--room", str(room_file), "--course", str(course_root())],
                            capture_output=True, text=True, timeout=120)
    if export.returncode:
        note(f"export failed ({export.returncode}): {export.stderr[-300:]}")
        record = {"activities": []}
    else:
        record = json.loads((OUT / "room-export.json").read_text())
    stored = {a["id"]: len(a["answers"]) for a in record["activities"]}
    for activity, count in sent.items():
        if stored.get(activity, 0) != count:
            note(f"{activity}: {count} answers acknowledged on the phones, {stored.get(activity, 0)} in the export")
    timings["answers_sent_vs_stored"] = {a: f"{sent[a]}/{stored.get(a, 0)}" for a in sent}
    flagged = [l for l in log_lines if re.search(r"Traceback|Exception|CancelledError|Error", l)]
    for line in flagged[:10]: note(f"server terminal: {line[:200]}")
    (OUT / "server-terminal.txt").write_text("\n".join(log_lines) + "\n")
    print("server terminal lines:", len(log_lines), "flagged:", len(flagged))
    print("page errors:", len(errors)); [print("  ", e) for e in errors[:30]]
    for e in errors[:10]: note(e)
    print("figures:", json.dumps(timings, indent=1))
    print("PROBLEMS:", len(problems)); [print("  ", p) for p in problems]
    return 1 if problems else 0


def restart(how, act, phones, projector, console, room_file, port):
    """Stop the server (kill -9 or Ctrl-C); six phones send while it is down; start it again on
    the same port; the time until every screen says Connected and the queued answers are acked."""
    server = restart.server
    server.process.send_signal(getattr(signal, how)); server.process.wait(15)
    for n, page, _ in phones[:6]:  # typed while the server is down: queued on the phone
        expect(page.locator("#connection")).not_to_have_text("Connected", timeout=15000)
        page.fill("#answer-text", typed(how, n, act))
        page.get_by_role("button", name="Send").click()
        expect(page.locator("#my-answers")).to_contain_text("waiting to send", timeout=5000)
    phones[0][1].screenshot(path=str(OUT / f"restart-{how}-phone-offline.png"), full_page=True)
    time.sleep(1)
    t = time.monotonic()
    restart.server = launch(room_file, port=port)
    for n, page, _ in phones:
        try:
            expect(page.locator("#connection")).to_have_text("Connected", timeout=30000)
        except Exception:
            note(f"phone {n} did not reconnect within 30 s of the {how} restart")
    for page in (projector, console):
        try: expect(page.locator("#connection")).to_have_text("Connected", timeout=30000)
        except Exception: note(f"{page.url} did not reconnect after the {how} restart")
    timings[f"reconnect_all_after_{how}_s"] = round(time.monotonic() - t, 1)
    for n, page, _ in phones[:6]:
        try:
            expect(page.locator("#my-answers")).not_to_contain_text("waiting to send", timeout=20000)
            expect(page.locator("#my-answers")).to_contain_text(f"{typed(how, n, act)} ✓ sent")
            sent[act["id"]] += 1
        except Exception:
            note(f"phone {n}: its answer typed during the {how} outage was not sent after the restart")
    timings[f"queued_answers_acked_after_{how}_s"] = round(time.monotonic() - t, 1)


def typed(how, n, act):
    return f"outage{n}" if act["kind"] == "wordcloud" else f"Typed during the outage ({how}) on phone {n}"


def answer_all(phones, kind, act):
    t = time.monotonic()
    for n, page, width in phones:
        try:
            expect(page.locator("#activity-title")).to_have_text(act.get("title", ""), timeout=10000)
            if kind in ("poll", "open", "wordcloud", "survey", "plan"):
                expect(page.locator("#answer-form")).to_be_visible(timeout=10000)  # opened, not only chosen
            if kind == "poll":
                radios = page.locator("#answer-area input[type=radio], #answer-area input[type=checkbox]")
                radios.nth((n * 7) % max(1, radios.count())).check()
                page.get_by_role("button", name="Send").click()
            elif kind in ("open", "wordcloud"):
                if kind == "wordcloud":
                    text = ["ownership", "Data quality", "data  quality", "on-call", "silos", "trust", "feedback loop", "owner ship", "tickets"][n % 9]
                else:
                    text = [f"Phone {n}: the model goes to ops and we never hear back",
                            "https://wiki.example.org/teams/platform/runbooks/handover?version=17#who",
                            "teh handof is brokn, nobody owns teh feature pipline",
                            "x" * 300][n % 4] if n % 3 else f"Short {n}"
                page.fill("#answer-text", text)
                page.get_by_role("button", name="Send").click()
            elif kind == "survey":
                for group in page.locator("#answer-area fieldset").all():
                    radios = group.locator("input[type=radio]")
                    if radios.count(): radios.nth((n + 2) % radios.count()).check()
                for area in page.locator("#answer-area textarea").all():
                    if n % 2: area.fill(f"Answer from phone {n}")
                page.get_by_role("button", name=re.compile("^Send")).first.click()
            elif kind == "plan":
                for box in page.locator("#answer-form textarea").all():
                    box.fill(f"Pair with the platform team, phone {n}")
                page.locator("#answer-form button[type=submit]").click()
            else:
                continue
            expect(page.locator("#my-answers")).to_contain_text("✓", timeout=10000)
            sent[act["id"]] += 1
        except Exception as e:
            note(f"phone {n} ({kind}) could not answer: {str(e).splitlines()[0][:160]}")
            page.screenshot(path=str(OUT / f"fail-{act.get('id')}-{n}.png"), full_page=True)
    timings[f"answer_{act.get('id')}_s"] = round(time.monotonic() - t, 1)


def run_woz(browser, console, projector, phones, base, token, act):
    """Two groups seated from six phones; round 1 started; group 1 asks one question, answered."""
    if console.get_by_role("button", name="Open for answers").is_visible():
        console.get_by_role("button", name="Open for answers").click()
    console.get_by_label("Number of groups").fill("2")
    console.get_by_role("button", name="Start the game").click()
    expect(console.locator("#woz-console-groups tbody tr")).to_have_count(2, timeout=10000)
    screens = {}
    for i, (n, page, _) in enumerate(phones[:6]):
        group, role = 1 + i // 3, ["user", "wizard", "observer"][i % 3]
        page.get_by_label(f"Group {group}", exact=True).check()
        page.get_by_label(ROLE_TITLES[role], exact=True).check()
        page.get_by_role("button", name="Take this seat").click()
        expect(page.locator("#woz-my-seat")).to_contain_text(f"Your seat: the {role} of group {group}.")
        screen = page.context.new_page()
        href = page.get_by_role("link", name=f"Open the {role}'s screen").get_attribute("href")
        screen.goto(href if href.startswith("http") else base + href)
        screens[(group, role)] = screen
    expect(console.locator("#woz-console-groups")).to_contain_text("1 user, 1 wizard, 1 observer")
    console.get_by_role("button", name="Start the next round for every group waiting").click()
    user, wizard = screens[(1, "user")], screens[(1, "wizard")]
    user.get_by_label("Your question to the product").fill("Which queue for this one?")
    user.get_by_role("button", name="Ask").click()
    wizard.locator("#question-text").get_by_text("Which queue for this one?").wait_for(timeout=10000)
    wizard.locator("body").press("2")
    wizard.get_by_role("button", name="Send answer").click()
    user.locator("#answers li").first.wait_for(timeout=10000)
    expect(projector.locator("#woz-curtain > li")).to_have_count(2, timeout=10000)
    look_projector(browser, base, token, projector, "woz", "woz", act)
    user.screenshot(path=str(OUT / "woz-user.png")); wizard.screenshot(path=str(OUT / "woz-wizard.png"))
    for screen in screens.values(): screen.close()


def check_fits(page, name):
    found = page.evaluate(CHECK)
    if found["small"] or found["cut"] or found["scroll"] != [0, 0]:
        note(f"projector {name} page {found['page']}: small={found['small'][:3]} cut={found['cut'][:3]} scroll={found['scroll']}")
    return found


def look_projector(browser, base, token, projector, name, kind, act):
    """The live projector's screenshot, then a second projector on a paused clock turned through
    every page of the result, each checked (32 px text, nothing cut or off-screen)."""
    time.sleep(1.0)
    projector.screenshot(path=str(OUT / f"{name}-projector.png"))
    check_fits(projector, name)
    checker = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    checker.clock.install()
    checker.goto(f"{base}/f/projector?token={token}")
    checker.clock.run_for(2000)
    expect(checker.locator("#woz-curtain > li" if kind == "woz" else "#results > *").first).to_be_attached(timeout=10000)
    if kind == "open":
        expect(checker.locator("#results .wall > li")).to_have_count(sent[act["id"]], timeout=10000)
        timings[f"wall_{act['id']}_notes_on_projector"] = checker.locator("#results .wall > li").count()
    first = checker.evaluate(CHECK)
    seen = set()
    for turn in range(max(1, first["pages"])):
        found = check_fits(checker, f"{name} (paged)")
        seen.add(found["page"])
        if turn < 3: checker.screenshot(path=str(OUT / f"{name}-projector-p{found['page']}.png"))
        checker.clock.run_for(20_000)
    if len(seen) != max(1, first["pages"]): note(f"projector {name}: pages seen {sorted(seen)} of {first['pages']}")
    print(f"   projector {name}: pages={first['pages']}", flush=True)
    timings.setdefault("projector_pages", {})[name] = first["pages"]
    checker.context.close()


if __name__ == "__main__":
    sys.exit(main())
