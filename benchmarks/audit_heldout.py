"""The audit against the held-out projects' hand-judged verdicts: right, false alarms, unclear, misses.

```sh
.venv/bin/python benchmarks/audit_heldout.py /work/heldout/src            # every judged project checked out there
.venv/bin/python benchmarks/audit_heldout.py /work/heldout/src --verbose  # and each finding no verdict judges
.venv/bin/python benchmarks/audit_heldout.py SRC --project tkipf__pygcn   # one project
.venv/bin/python benchmarks/audit_heldout.py /work/heldout2/src --verdicts benchmarks/heldout2   # the second batch
```

``benchmarks/heldout/OWNER__NAME.yaml`` holds, for each public project judged by
hand on the audit's first run (issue 24), the commit judged, every finding of
that first run with its verdict (right, false, unclear) and the problems the
judge found it missed. This script audits each project checked out under SRC
(a folder per project, named OWNER__NAME, at the recorded commit), matches each
finding of today's audit to the verdicts given for the same check and place,
and reports:

- right / false / unclear: today's findings that match verdicts of that kind (a finding
  that stands for several judged ones takes the worst of their verdicts);
- judged by the engineer: findings the judges never saw, judged afterwards by the
  engineer who changed the audit (``after_fix`` in the YAML; not independent, shown apart),
  and findings whose judged claim the fixes changed (``supersedes: true``: a wrong line or
  package name corrected), judged again by that engineer;
- unjudged: findings no verdict matches;
- misses: the judges' misses that no finding of today's audit catches;
- right findings lost: findings judged right on the first run that no finding matches now.

The projects' code is never stored here, only the verdicts; the first-run figures
stay as the judges recorded them (``first_run`` in each YAML).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent
VERDICTS = HERE / "heldout"
WORST = {"right": 0, "unclear": 1, "false": 2}


@dataclass
class Result:
    name: str
    judge: str
    kind: str
    first_run: dict
    counts: dict = field(default_factory=lambda: {"right": 0, "false": 0, "unclear": 0})
    engineer: dict = field(default_factory=lambda: {"right": 0, "false": 0, "unclear": 0})
    unjudged: list = field(default_factory=list)
    judged: list = field(default_factory=list)  # (verdict, source, finding)
    misses_left: list = field(default_factory=list)
    misses_caught: list = field(default_factory=list)
    lost: list = field(default_factory=list)
    problem: str = ""

    @property
    def findings(self) -> int:
        return sum(self.counts.values()) + sum(self.engineer.values()) + len(self.unjudged)


def places(finding: dict) -> set[str]:
    """Every file a finding of the JSON report names (its location and the places it stands for)."""
    found = {finding["path"]} if finding.get("path") else set()
    for place in finding.get("places", []):
        found.add(place.split(":cell ", 1)[0].rsplit(":", 1)[0] if ":cell " in place or place.rsplit(":", 1)[-1].isdigit()
                  else place)
    return found


def verdict_places(entry: dict) -> set[str]:
    found = {entry["path"]} if entry.get("path") else set()
    for place in entry.get("also", []):
        found |= places({"places": [place]})
    return found


def matches_verdict(finding: dict, entry: dict) -> bool:
    if entry["check"] != finding["check"]:
        return False
    if not entry.get("path"):
        return not finding.get("path") and entry.get("kind") == finding.get("kind")
    return bool(verdict_places(entry) & places(finding))


def judged_by(finding: dict, entries: list[dict]) -> list[dict]:
    """The verdicts given for the same check and place; the closest ones when several are: the same message,
    else the same cell and line, else the same kind of finding."""
    candidates = [entry for entry in entries if matches_verdict(finding, entry)]
    for same in (lambda e: e["message"] == finding["message"][:160],
                 lambda e: e.get("path") == finding.get("path") and (e.get("cell"), e.get("line")) == (finding.get("cell"), finding.get("line")),
                 lambda e: e.get("kind") == finding.get("kind")):
        closest = [entry for entry in candidates if same(entry)]
        if closest:
            return closest
    return candidates


def matches_note(finding: dict, note: dict) -> bool:
    """An engineer's verdict or a miss: check (one or several), a path (or folder/) among its places, words it contains."""
    checks = note["check"] if isinstance(note["check"], list) else [note["check"]]
    if finding["check"] not in checks:
        return False
    wanted = [p for p in [note.get("path"), *note.get("alt_paths", [])] if p]
    if wanted:
        found = places(finding)
        if not any(p in found or (p.endswith("/") and any(f.startswith(p) for f in found)) for p in wanted):
            return False
    if note.get("kind") and note["kind"] != finding.get("kind"):
        return False
    return not note.get("contains") or note["contains"].lower() in finding["message"].lower()


def audit(project: Path) -> dict:
    completed = subprocess.run([sys.executable, "-m", "tension_points", "audit", str(project), "--format", "json"],
                               capture_output=True, text=True, timeout=600)
    if completed.returncode != 0:
        raise RuntimeError(f"audit exited {completed.returncode}: {completed.stderr.strip()[:300]}")
    return json.loads(completed.stdout)


def head_commit(project: Path) -> str:
    completed = subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True)
    return completed.stdout.strip()


def evaluate(data: dict, report: dict, name: str) -> Result:
    result = Result(name, str(data["judge"]), data["kind"], data["first_run"])
    entries = data["findings"]
    used: set[int] = set()
    for finding in report["findings"]:
        mine = next((note for note in data.get("after_fix", []) if note.get("supersedes") and matches_note(finding, note)), None)
        if mine is not None:  # the judged claim changed (a wrong line or package name fixed): the engineer judged it again
            used |= {id(entry) for entry in entries if matches_verdict(finding, entry)}
            result.engineer[mine["verdict"]] += 1
            result.judged.append((mine["verdict"], "engineer", finding))
            continue
        candidates = judged_by(finding, entries)
        if candidates:
            used |= {id(entry) for entry in entries if matches_verdict(finding, entry)}  # merged into this one: not lost
            verdict = max((entry["verdict"] for entry in candidates), key=WORST.__getitem__)
            result.counts[verdict] += 1
            result.judged.append((verdict, "judge", finding))
            continue
        mine = next((note for note in data.get("after_fix", []) if matches_note(finding, note)), None)
        if mine is not None:
            result.engineer[mine["verdict"]] += 1
            result.judged.append((mine["verdict"], "engineer", finding))
            continue
        result.unjudged.append(finding)
    result.lost = [entry for entry in entries if entry["verdict"] == "right" and id(entry) not in used]
    for miss in data.get("misses", []):
        caught = any(matches_note(finding, miss) for finding in report["findings"])
        (result.misses_caught if caught else result.misses_left).append(miss)
    return result


def shown(finding: dict) -> str:
    return f"{finding['check']}: {finding.get('evidence') or '(project)'}: {finding['message'][:150]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path, help="folder holding the judged projects, one OWNER__NAME folder each")
    parser.add_argument("--project", action="append", help="only this project (OWNER__NAME); may repeat")
    parser.add_argument("--verbose", action="store_true", help="list unjudged findings, misses left and right findings lost")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS,
                        help="folder of the judged projects' verdicts (default: benchmarks/heldout, the first batch; "
                             "benchmarks/heldout2 is the second)")
    args = parser.parse_args(argv)
    results = []
    for path in sorted(args.verdicts.glob("*.yaml")):
        name = path.stem
        if args.project and name not in args.project:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        project = args.src / name
        if not project.is_dir():
            print(f"{name}: not checked out under {args.src}; skipped", file=sys.stderr)
            continue
        commit = head_commit(project)
        if commit and commit != data["commit"]:
            print(f"{name}: checked out at {commit[:7]}, judged at {data['commit'][:7]}", file=sys.stderr)
        try:
            result = evaluate(data, audit(project), name)
        except (RuntimeError, json.JSONDecodeError, subprocess.TimeoutExpired) as exc:
            result = Result(name, str(data["judge"]), data["kind"], data["first_run"], problem=str(exc))
        results.append(result)
    print_table(results, args.verbose)
    if args.json:
        args.json.write_text(json.dumps([figures(r) for r in results], indent=2) + "\n", encoding="utf-8")
    return 0 if all(not r.problem for r in results) else 3


def figures(result: Result) -> dict:
    return {"project": result.name, "judge": result.judge, "first_run": result.first_run, "after": {
        **result.counts, "engineer": result.engineer, "unjudged": len(result.unjudged), "findings": result.findings,
        "misses_left": len(result.misses_left), "misses_caught": len(result.misses_caught), "right_lost": len(result.lost)},
        "problem": result.problem}


def ratio(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def print_table(results: list[Result], verbose: bool) -> None:
    header = f"{'project':55} {'judge':5} {'first run r/f/u of n, misses':30} {'now r/f/u (+engineer r/f/u), unjudged of n':44} {'misses left':11} {'right lost':10}"
    print(header)
    print("-" * len(header))
    totals: dict[str, dict] = {}
    for r in results:
        if r.problem:
            print(f"{r.name:55} {r.judge:5} PROBLEM: {r.problem}")
            continue
        f = r.first_run
        first = f"{f['right']}/{f['false']}/{f['unclear']} of {f['findings']}, {f['misses']}"
        now = (f"{r.counts['right']}/{r.counts['false']}/{r.counts['unclear']} (+{r.engineer['right']}/{r.engineer['false']}/"
               f"{r.engineer['unclear']}), {len(r.unjudged)} of {r.findings}")
        print(f"{r.name:55} {r.judge:5} {first:30} {now:44} {len(r.misses_left):<11} {len(r.lost):<10}")
        for key in (r.judge, "all"):
            t = totals.setdefault(key, {"projects": 0, "first": {"right": 0, "false": 0, "unclear": 0, "findings": 0, "misses": 0},
                                        "now": {"right": 0, "false": 0, "unclear": 0}, "engineer": {"right": 0, "false": 0, "unclear": 0},
                                        "unjudged": 0, "findings": 0, "misses_left": 0, "lost": 0})
            t["projects"] += 1
            for k in t["first"]:
                t["first"][k] += f[k]
            for k in ("right", "false", "unclear"):
                t["now"][k] += r.counts[k]
                t["engineer"][k] += r.engineer[k]
            t["unjudged"] += len(r.unjudged)
            t["findings"] += r.findings
            t["misses_left"] += len(r.misses_left)
            t["lost"] += len(r.lost)
        if verbose:
            for finding in r.unjudged:
                print(f"    unjudged  {shown(finding)}")
            for verdict, source, finding in r.judged:
                if verdict != "right":
                    print(f"    {verdict:8}  {'(engineer) ' if source == 'engineer' else ''}{shown(finding)}")
            for miss in r.misses_left:
                print(f"    missed    {miss['check']}: {miss.get('path', '(project)')}: {miss['what'][:120]}")
            for entry in r.lost:
                print(f"    lost      {entry['check']}: {entry.get('path', '(project)')}: {entry['message'][:120]}")
    print()
    for key, t in sorted(totals.items(), key=lambda item: (item[0] == "all", item[0])):
        first, now, mine = t["first"], t["now"], t["engineer"]
        judged = sum(now.values()) + sum(mine.values())
        right, false, unclear = now["right"] + mine["right"], now["false"] + mine["false"], now["unclear"] + mine["unclear"]
        print(f"{'judge ' + key if key != 'all' else 'all judges':12} {t['projects']:2} projects | first run: {first['right']}/"
              f"{first['false']}/{first['unclear']} of {first['findings']} (right {ratio(first['right'], first['findings'])}, "
              f"false {ratio(first['false'], first['findings'])}), misses {first['misses']} ({first['misses'] / t['projects']:.2f} a project)")
        print(f"{'':12}             | now: {right}/{false}/{unclear} of {judged} judged (right {ratio(right, judged)}, false "
              f"{ratio(false, judged)}; of them by the engineer {sum(mine.values())}), unjudged {t['unjudged']}, misses left "
              f"{t['misses_left']} ({t['misses_left'] / t['projects']:.2f} a project), right findings lost {t['lost']}")


if __name__ == "__main__":
    sys.exit(main())
