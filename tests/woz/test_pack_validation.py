"""Every malformed pack gets one clear line naming the file, the item and the field, and exit code 2."""

from __future__ import annotations

import pytest

from tension_points.errors import UserError
from tension_points.woz.pack import load_pack, shipped_pack_names


def break_pack(data: dict, change) -> dict:
    change(data)
    return data


CASES = {
    "catalogue phrase declared by two entries": (
        lambda d: d["data_catalogue"][1]["matches"].append("Squeeze"),
        "data_catalogue[1].matches[2]: 'Squeeze' is also declared by data_catalogue[0]; a wish would match both",
    ),
    "catalogue phrase without words": (
        lambda d: d["data_catalogue"][0]["matches"].append("?!"),
        "data_catalogue[0].matches[3]: '?!' has no words to match (letters or digits)",
    ),
    "missing top-level field": (
        lambda d: d.pop("latency_budget"),
        ": latency_budget: required field is missing",
    ),
    "too few items": (
        lambda d: d.__setitem__("items", d["items"][:11]),
        "items: ",
    ),
    "only one round": (
        lambda d: d.__setitem__("rounds", d["rounds"][:1]),
        "rounds: ",
    ),
    "item without truth": (
        lambda d: d["items"][3].pop("truth"),
        "items[3].truth (item f04): required field is missing",
    ),
    "item with a misspelt field": (
        lambda d: d["items"][2].__setitem__("truht", "ripe"),
        "items[2] (item f03): unknown field ('truht' was unexpected)",
    ),
    "truth that is not a label": (
        lambda d: d["items"][4].__setitem__("truth", "overripe"),
        "items[4].truth (item f05): 'overripe' is not one of the labels: ripe, unripe",
    ),
    "duplicate item id": (
        lambda d: d["items"][5].__setitem__("id", "f01"),
        "items[5].id: duplicate item id 'f01' (also items[0])",
    ),
    "item id with a space": (
        lambda d: d["items"][6].__setitem__("id", "f 07"),
        "items[6].id (item f 07): 'f 07' does not match",
    ),
    "item gives the model an undeclared field": (
        lambda d: d["items"][7]["model_view"].__setitem__("price", 0.3),
        "items[7].model_view.price (item f08): not declared in model_view.fields",
    ),
    "item lacks a declared field": (
        lambda d: d["items"][8]["model_view"].pop("firmness"),
        "items[8].model_view.firmness (item f09): required field is missing (write null",
    ),
    "feature value of the wrong type": (
        lambda d: d["items"][9]["model_view"].__setitem__("colour", {"hue": 3}),
        "items[9].model_view.colour (item f10): {'hue': 3} is not of type",
    ),
    "round shows an unknown field": (
        lambda d: d["rounds"][1]["view"].append("smell"),
        "rounds[1].view[2]: unknown field 'smell'; model_view.fields declares: colour, firmness",
    ),
    "round does not change the view": (
        lambda d: d["rounds"][1].__setitem__("view", ["colour"]),
        "rounds[1].view: same fields as the round before",
    ),
    "duplicate label": (
        lambda d: d["outputs"]["labels"].append({"name": "ripe", "description": "again"}),
        "outputs.labels[2].name: duplicate label name 'ripe'",
    ),
    "only one label": (
        lambda d: d["outputs"].__setitem__("labels", d["outputs"]["labels"][:1]),
        "outputs.labels: ",
    ),
    "negative latency budget": (
        lambda d: d["latency_budget"].__setitem__("seconds", -1),
        "latency_budget.seconds: -1 is less than or equal to the minimum of 0",
    ),
    "catalogue entry with a bad speed": (
        lambda d: d["data_catalogue"][0].__setitem__("speed", "quick"),
        "data_catalogue[0].speed: 'quick' is not one of ['fast', 'slow', 'too slow']",
    ),
    "a request asked only of one label's items": (
        lambda d: [item.__setitem__("request", "Is this one overripe?") for item in d["items"] if item["truth"] == d["items"][0]["truth"]],
        "items: the request 'Is this one overripe?' is asked only of",
    ),
    "persona without a goal": (
        lambda d: d["persona"].pop("goal"),
        "persona.goal: required field is missing",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_mistake_gets_a_message_naming_file_item_and_field(case, pack_data, write_pack, cli):
    change, expected = CASES[case]
    path = write_pack(break_pack(pack_data, change))

    result = cli("validate", path)

    assert result.returncode == 2
    message = result.stderr.strip()
    assert message.startswith(f"tension-points: error: {path}: "), message
    assert expected in message
    assert "Traceback" not in result.stderr
    assert len(message.splitlines()) == 1


def test_a_valid_pack_is_reported_ok(pack_data, write_pack, cli):
    path = write_pack(pack_data)
    result = cli("validate", path)
    assert result.returncode == 0
    assert f"{path}: OK (12 items, 2 labels, 2 rounds)" in result.stdout


def test_invalid_yaml_names_file_and_line(tmp_path, cli):
    path = tmp_path / "broken.yaml"
    path.write_text("title: [unclosed\nsummary: x\n", encoding="utf-8")
    result = cli("validate", path)
    assert result.returncode == 2
    assert f"{path}: line" in result.stderr and "invalid YAML" in result.stderr


def test_missing_pack_file_and_unknown_pack_name(tmp_path, cli):
    missing = cli("validate", tmp_path / "nope.yaml")
    assert missing.returncode == 2
    assert f"{tmp_path / 'nope.yaml'}: file not found" in missing.stderr

    unknown = cli("play", "no-such-pack")
    assert unknown.returncode == 2
    assert "no-such-pack: no such pack; shipped packs are: " in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_validate_checks_every_pack_given_and_fails_if_any_fails(pack_data, write_pack, cli):
    good = write_pack(pack_data, "good.yaml")
    pack_data["items"][0]["truth"] = "maybe"
    bad = write_pack(pack_data, "bad.yaml")
    result = cli("validate", good, bad)
    assert result.returncode == 2
    assert f"{good}: OK" in result.stdout
    assert f"{bad}: items[0].truth (item f01)" in result.stderr


@pytest.mark.parametrize("name", shipped_pack_names())
def test_shipped_packs_are_valid_and_big_enough(name):
    pack = load_pack(name)
    assert len(pack.items) >= 12
    assert len(pack.rounds) >= 2
    assert len(pack.rounds[0]["view"]) < len(pack.rounds[1]["view"]), "round 1 is the minimal view"
    assert {item["truth"] for item in pack.items} == set(pack.labels), "every label is the truth somewhere"
    assert pack.data.get("data_catalogue"), "wishes can be turned into data requirements"


def test_at_least_three_packs_are_shipped_and_listed(cli):
    assert len(shipped_pack_names()) >= 3
    result = cli("list")
    assert result.returncode == 0
    for name in shipped_pack_names():
        assert name in result.stdout


def test_load_pack_raises_user_error_not_a_crash(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(UserError, match="empty.yaml: top level: None is not of type 'object'"):
        load_pack(str(path))
