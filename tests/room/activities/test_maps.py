"""The hand-off map and the ownership matrix in the room, on the kit's own course: a pair's
answer is checked by the notebook's loader, refused with the loader's message, stored as the
YAML the notebook reads, drawn by the notebook's code, downloaded and exported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from room.room_fixtures import room_client
from tension_points.course import course_root, load_course
from tension_points.exercises import handoffs, ownership

DATA = Path(__file__).parents[3] / "exercises" / "data"
MAP = yaml.safe_load((DATA / "handoffs-example.yaml").read_text())
MATRIX = yaml.safe_load((DATA / "ownership-example.yaml").read_text())


@pytest.fixture(scope="module")
def kit_course():
    return load_course(course_root())


@pytest.fixture
def kit_room(tmp_path, kit_course):
    with room_client(kit_course, tmp_path / "room.sqlite") as client:
        yield client


def send(phone, activity: str, key: str, **body):
    return phone.post("/p/api/answer", json={"activity": activity, "key": key, **body})


def test_the_silos_and_ownership_exercises_run_as_these_kinds(kit_room):
    catalogue = kit_room.room.catalogue
    assert catalogue.get("silos-handoff-map").kind.name == "handoff-map"
    assert catalogue.get("ownership-matrix").kind.name == "ownership-matrix"


def test_a_valid_map_is_stored_as_the_yaml_the_notebook_loads(kit_room, tmp_path):
    kit_room.open("silos-handoff-map")
    phone = kit_room.join(team="Pair 1")
    response = send(phone, "silos-handoff-map", "map-key-0001", pair="Pair 1", map=MAP)
    assert response.status_code == 200 and response.json()["stored"]
    download = phone.get("/p/api/maps/silos-handoff-map/mine.yaml")
    assert download.status_code == 200
    assert 'attachment; filename="silos-handoff-map-pair-1-' in download.headers["content-disposition"]
    home = tmp_path / "my-team.yaml"
    home.write_text(download.text, encoding="utf-8")
    loaded = handoffs.load_map(home)  # the notebook's loader, on the file a pair takes home
    assert loaded.title == MAP["title"] and list(loaded.teams.values()) == [t["name"] for t in MAP["teams"]]
    assert handoffs.draw(loaded, handoffs.analyse(loaded)) is not None


def test_an_invalid_map_is_refused_with_the_loaders_message_in_the_forms_words(kit_room):
    kit_room.open("silos-handoff-map")
    phone = kit_room.join()
    broken = {**MAP, "handoffs": [{"from": "research", "to": "plattform", "what": "model notebook"}]}
    response = send(phone, "silos-handoff-map", "map-key-0002", pair="Pair 2", map=broken)
    assert response.status_code == 422
    assert response.json()["error"] == "Hand-off 1, To: unknown team 'plattform' (known: research, data-eng, platform, product, support)"
    to_itself = {**MAP, "handoffs": [{"from": "research", "to": "research", "what": "x"}]}
    response = send(phone, "silos-handoff-map", "map-key-0003", pair="Pair 2", map=to_itself)
    assert response.json()["error"] == "Hand-off 1: a team cannot hand off to itself ('research')"
    unnamed = {**MAP, "teams": [{"id": "a", "name": ""}, *MAP["teams"]]}
    assert send(phone, "silos-handoff-map", "map-key-0004", pair="Pair 2", map=unnamed).json()["error"] == "Team 1's name is empty"  # not "teams[0].name"
    no_what = {**MAP, "handoffs": [{"from": "research", "to": "platform", "what": ""}]}
    assert send(phone, "silos-handoff-map", "map-key-0007", pair="Pair 2", map=no_what).json()["error"] == "Hand-off 1, what is handed over, is empty"
    no_team = {**MAP, "handoffs": [{"from": "research", "to": "", "what": "x"}]}
    assert send(phone, "silos-handoff-map", "map-key-0008", pair="Pair 2", map=no_team).json()["error"] == "Hand-off 1, To: pick a team"
    assert send(phone, "silos-handoff-map", "map-key-0005", pair="", map=MAP).status_code == 422
    assert send(phone, "silos-handoff-map", "map-key-0006", pair="Pair 2", map="teams: []").status_code == 422
    assert phone.get("/p/api/maps/silos-handoff-map/mine.yaml").status_code == 404  # nothing was stored


def test_a_matrix_with_a_letter_outside_raci_gets_the_schemas_message(kit_room):
    kit_room.open("ownership-matrix")
    phone = kit_room.join()
    stages = [{**MATRIX["stages"][0], "raci": {"pm": "AX"}}, *MATRIX["stages"][1:]]
    response = send(phone, "ownership-matrix", "matrix-key-01", pair="Pair 3", matrix={**MATRIX, "stages": stages})
    assert response.status_code == 422
    assert response.json()["error"] == ("Stage 1's letters: 'AX': X is not a RACI letter; write R, A, "
                                         "RA (does the work and answers for it), C or I (stage 'framing', role 'pm')")
    contradiction = [{**MATRIX["stages"][0], "raci": {"pm": "AC"}}, *MATRIX["stages"][1:]]
    response = send(phone, "ownership-matrix", "matrix-key-02", pair="Pair 3", matrix={**MATRIX, "stages": contradiction})
    assert response.status_code == 422 and "'AC' contradicts itself" in response.json()["error"]


def test_a_pair_edits_its_map_and_only_the_latest_version_counts(kit_room):
    kit_room.open("silos-handoff-map")
    phone = kit_room.join()
    assert send(phone, "silos-handoff-map", "map-key-0010", pair="Pair 4", map=MAP).status_code == 200
    feedback = [{"from": "support", "to": "research", "what": "who actually left", "feedback_on": "notebook"},
                {"from": "product", "to": "platform", "what": "API timeouts", "feedback_on": "score-api"},
                {"from": "support", "to": "product", "what": "customers we could not reach", "feedback_on": "at-risk-list"}]
    closed = {**MAP, "handoffs": [*MAP["handoffs"], *feedback]}
    assert send(phone, "silos-handoff-map", "map-key-0011", pair="Pair 4", map=closed).status_code == 200
    form = phone.get("/p/api/maps/silos-handoff-map/form").json()
    assert form["mine"]["pair"] == "Pair 4" and form["mine"]["data"]["handoffs"][-3]["feedback_on"] == "notebook"
    cards = kit_room.facilitator("GET", "/f/api/state").json()["results"]["cards"]
    assert len(cards) == 1
    assert "Every team that sends work hears how some of it fared." in cards[0]["summary"]
    assert ["Customer support", "Data science", "who actually left", "feedback on: model notebook to re-code", ""] in cards[0]["rows"]


def test_feedback_sent_to_the_wrong_team_is_refused_with_the_loaders_message(kit_room):
    kit_room.open("silos-handoff-map")
    phone = kit_room.join()
    wrong = {**MAP, "handoffs": [*MAP["handoffs"], {"from": "support", "to": "platform", "what": "who left", "feedback_on": "notebook"}]}
    response = send(phone, "silos-handoff-map", "map-key-0012", pair="Pair 4", map=wrong)
    assert response.status_code == 422
    assert response.json()["error"] == ("Hand-off 7, To: feedback on 'model notebook to re-code' goes back to "
                                         "the team that sent it, Data science ('research'), not to Platform engineering")


def test_the_form_gets_the_letters_and_the_example_from_the_kit(kit_room):
    phone = kit_room.join()
    spec = phone.get("/p/api/maps/ownership-matrix/form").json()
    assert spec["letters"] == [[letter, ownership.LETTER_NAMES[letter]] for letter in ownership.LETTERS]
    assert [cell for cell, _ in spec["cells"]] == ["R", "A", "RA", "C", "I"]
    assert spec["example"] == MATRIX and spec["mine"] is None
    assert phone.get("/p/api/maps/silos-handoff-map/form").json()["example"] == MAP
    assert phone.get("/p/api/maps/silos-opening-question/form").status_code == 404


def test_a_map_too_large_for_the_room_is_refused_with_a_reason(kit_room):
    kit_room.open("silos-handoff-map")
    phone = kit_room.join()
    teams = [{"id": f"t{n}", "name": f"Team {n}"} for n in range(13)]
    big = {"teams": teams, "handoffs": [{"from": "t0", "to": "t1", "what": "x"}]}
    response = send(phone, "silos-handoff-map", "map-key-0020", pair="Pair 5", map=big)
    assert response.status_code == 422 and response.json()["error"] == "a map in the room holds at most 12 teams (this one has 13)"
    long_label = {**MAP, "handoffs": [{"from": "research", "to": "platform", "what": "x" * 101}]}
    assert "longer than 100 characters" in send(phone, "silos-handoff-map", "map-key-0021", pair="P", map=long_label).json()["error"]


def test_an_oversized_body_is_refused_before_the_loader_runs(kit_room):
    kit_room.open("silos-handoff-map")
    phone = kit_room.join()
    huge = {**MAP, "title": "x" * 20000}
    response = send(phone, "silos-handoff-map", "map-key-0030", pair="P", map=huge)
    assert response.status_code == 413 and "larger than" in response.json()["error"]


def test_drawings_need_the_facilitators_token_and_files_need_the_pairs_cookie(kit_room):
    kit_room.open("silos-handoff-map")
    phone = kit_room.join()
    answer_id = send(phone, "silos-handoff-map", "map-key-0040", pair="Pair 6", map=MAP).json()["id"]
    url = f"/f/api/maps/drawing/{answer_id}.svg"
    assert kit_room.client.get(url, headers={"authorization": "Bearer wrong"}).status_code == 401
    assert phone.get(url).status_code == 401
    drawing = kit_room.facilitator("GET", url)
    assert drawing.status_code == 200 and drawing.headers["content-type"].startswith("image/svg+xml")
    assert "Platform engineering" in drawing.text and "(one-way)" in drawing.text  # the notebook's labels, as text
    assert kit_room.facilitator("GET", "/f/api/maps/drawing/99999.svg").status_code == 404
    kit_room.client.cookies.clear()
    assert kit_room.client.get("/p/api/maps/silos-handoff-map/mine.svg").status_code == 401
    other = kit_room.join()
    assert other.get("/p/api/maps/silos-handoff-map/mine.svg").status_code == 404  # another pair's phone gets nothing
    assert phone.get("/p/api/maps/silos-handoff-map/mine.exe").status_code == 404
    mine = phone.get("/p/api/maps/silos-handoff-map/mine.svg")
    assert mine.status_code == 200 and mine.text == drawing.text


def test_the_export_holds_every_pairs_yaml_and_drawing(kit_room, kit_course, tmp_path):
    kit_room.open("silos-handoff-map")
    for n in (1, 2):
        phone = kit_room.join(team=f"Pair {n}")
        assert send(phone, "silos-handoff-map", f"map-key-010{n}", pair=f"Pair {n}", map=MAP).status_code == 200
    kit_room.open("ownership-matrix")
    assert send(kit_room.phones[0], "ownership-matrix", "matrix-key-0100", pair="Pair 1", matrix=MATRIX).status_code == 200
    room_file = kit_room.room.store.path
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([sys.executable, "-m", "tension_points", "room", "export", "--room", str(room_file), "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    record = json.loads((out / "room-export.json").read_text())
    by_id = {a["id"]: a for a in record["activities"]}
    files = [f["path"] for f in by_id["silos-handoff-map"]["files"]]
    assert len(files) == 4 and sum(p.endswith(".yaml") for p in files) == 2
    for path in files:
        if path.endswith(".yaml"):
            loaded = handoffs.load_map(out / path)
            assert len(loaded.handoffs) == len(MAP["handoffs"]) and len(loaded.feedback) == 1
        else:
            assert (out / path).read_text().startswith("<?xml") and "Customer support" in (out / path).read_text()
    matrix_files = [f["path"] for f in by_id["ownership-matrix"]["files"]]
    assert ownership.load_matrix(out / next(p for p in matrix_files if p.endswith(".yaml"))).roles == {r["id"]: r["name"] for r in MATRIX["roles"]}
    markdown = (out / "room-export.md").read_text()
    assert "**Pair 2: Churn model at a subscription company**" in markdown
    assert "| Data science | Platform engineering | model notebook to re-code | work | no: one-way |" in markdown
    assert f"](<{files[0]}>)" in markdown
