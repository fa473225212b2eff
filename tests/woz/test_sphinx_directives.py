"""The {woz-role-cards} and {woz-pack-summary} directives, built in a throwaway Sphinx project."""

from __future__ import annotations

import io
import textwrap
from html import unescape

import pytest
import yaml
from sphinx.application import Sphinx

from tension_points.woz.roles import load_roles

CONF = 'extensions = ["myst_parser", "tension_points.sphinxext.woz"]\nmyst_enable_extensions = []\n'


def build(tmp_path, page: str, builder: str = "html"):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(textwrap.dedent(page), encoding="utf-8")
    out = tmp_path / builder
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), builder,
                 status=None, warning=warnings, freshenv=True)
    app.build()
    return out, warnings.getvalue()


PAGE = """\
    # Wizard of Oz

    ```{woz-role-cards}
    ```

    ```{woz-pack-summary} jetpac-travel-photos
    ```
    """


def test_role_cards_and_pack_summary_render_in_html(tmp_path):
    out, warnings = build(tmp_path, PAGE)
    assert "ERROR" not in warnings, warnings
    html = (out / "index.html").read_text(encoding="utf-8")
    for role in load_roles():
        assert f"Role card: {role['title']}" in html
    assert "What you must not do" in html
    assert "Scenario pack: Pick the best travel photo of a place" in html
    assert "jetpac-travel-photos (15 items with hidden ground truth, 2 rounds, latency budget 15 s per answer)." in html
    assert "Round 1, Text only: Venue, Caption, Hashtags." in html
    assert "cover: Shows the place itself" in html
    assert "Maya Lindqvist" in html
    assert "The editors&#8217; choices" not in html and "p01" not in html, "no items, no truth"


def test_the_same_directives_render_in_latex(tmp_path):
    out, warnings = build(tmp_path, PAGE, builder="latex")
    assert "ERROR" not in warnings, warnings
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    assert "Role card: The wizard (the model)" in tex
    assert "Scenario pack: Pick the best travel photo of a place" in tex
    assert r"\begin{itemize}" in tex


def test_a_subset_of_role_cards(tmp_path):
    page = """\
        # Cards

        ```{woz-role-cards}
        :roles: user, wizard
        ```
        """
    out, _ = build(tmp_path, page)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Role card: The user" in html and "Role card: The wizard" in html
    assert "Role card: The observer" not in html


def test_an_unknown_pack_is_a_build_error_naming_it(tmp_path):
    page = """\
        # Oops

        ```{woz-pack-summary} no-such-pack
        ```
        """
    _, warnings = build(tmp_path, page)
    assert "ERROR" in warnings
    assert "no-such-pack: no such pack; shipped packs are:" in warnings


def test_role_cards_file_must_hold_every_role(tmp_path):
    from tension_points.errors import UserError

    path = tmp_path / "roles.yaml"
    roles = load_roles()
    path.write_text(yaml.safe_dump({"roles": roles[:3] + [roles[0]]}), encoding="utf-8")
    with pytest.raises(UserError, match=r"roles.yaml: roles\[3\].id: duplicate role 'user'"):
        load_roles(path)
    path.write_text(yaml.safe_dump({"roles": [roles[0], roles[1], roles[2], roles[2]]}), encoding="utf-8")
    with pytest.raises(UserError, match="duplicate role 'observer'"):
        load_roles(path)
    del roles[1]["you_see"]
    path.write_text(yaml.safe_dump({"roles": roles}), encoding="utf-8")
    with pytest.raises(UserError, match=r"roles\[1\].you_see: required field is missing"):
        load_roles(path)


def test_item_cards_print_every_item_for_the_user_and_each_round_for_the_wizard_without_the_truth(tmp_path):
    from tension_points.woz.pack import load_pack

    pack = load_pack("support-ticket-triage")
    out, warnings = build(tmp_path, """\
        # Cards

        ```{woz-item-cards} support-ticket-triage
        ```
        """)
    assert "ERROR" not in warnings, warnings
    html = unescape((out / "index.html").read_text(encoding="utf-8")).replace("\u2019", "'")
    assert f"User's copies ({len(pack.items)} cards)" in html
    for item in pack.items:
        assert f"{item['id']}, wizard" in html and f"{item['id']}, user" in html
        assert f"{item['id']}, wizard's copy, round 2" in html
        assert unescape(item["why"]).replace("\u2019", "'") not in html, "the truth stays off the cards"
    round_one = html.split("round 1: ")[1].split("round 2: ")[0]
    round_two_only = set(pack.rounds[1]["view"]) - set(pack.rounds[0]["view"])
    for name in round_two_only:
        assert pack.fields[name]["label"] not in round_one, f"{name} is not in the wizard's round 1 view"


def test_the_answer_key_gives_every_items_truth_the_baseline_and_a_column_per_round_to_score(tmp_path):
    from tension_points.woz.debrief import baseline_label
    from tension_points.woz.pack import load_pack

    pack = load_pack("support-ticket-triage")
    out, warnings = build(tmp_path, """\
        # Key

        ```{woz-answer-key} support-ticket-triage
        ```
        """)
    assert "ERROR" not in warnings, warnings
    html = unescape((out / "index.html").read_text(encoding="utf-8")).replace("\u2019", "'")
    label = baseline_label({"labels": list(pack.labels), "items": pack.items})
    hits = sum(item["truth"] == label for item in pack.items)
    assert f"always answers {label}" in html and f"{hits} of {len(pack.items)}" in html
    assert "Round 1: tick if right, else the wizard's label" in html and "Round 2: tick if right, else the wizard's label" in html
    assert "the observer ticks the row when it is the right answer and writes the label only when it is not" in html
    for item in pack.items:
        assert f"<td><p>{item['id']}</p></td>\n<td><p>{item['truth']}</p></td>" in html
        assert unescape(" ".join(item["why"].split())).replace("\u2019", "'") in html
