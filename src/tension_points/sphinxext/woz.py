"""Directives for the Wizard of Oz exercise: role cards and pack summaries.

``{woz-role-cards}`` renders the printable role cards from
``data/woz/roles.yaml`` (option ``:roles: user, wizard`` for a subset).
``{woz-pack-summary} PACK`` shows a pack's context, persona, the model's view
per round, the labels and the item count (never the items or their truth).

Both produce plain docutils nodes (rubrics, paragraphs, bullet lists in
containers), so they render in HTML and in LaTeX alike. A missing pack or a
malformed file is a build error naming the file and what is wrong.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from tension_points import __version__
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.woz.pack import load_pack
from tension_points.woz.roles import ROLE_IDS, load_roles, roles_path

ROLE_SECTIONS = (("you_see", "What you see"), ("you_do", "What you do"), ("you_do_not", "What you must not do"), ("tips", "Tips"))


def bullet_list(texts: list[str]) -> nodes.bullet_list:
    result = nodes.bullet_list(bullet="-")
    for text in texts:
        result += nodes.list_item("", nodes.paragraph(text=" ".join(text.split())))
    return result


def labelled(label: str, text: str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    paragraph += nodes.strong(text=label)
    paragraph += nodes.Text(" " + " ".join(text.split()))
    return paragraph


def role_card(role: dict[str, Any]) -> nodes.container:
    card = nodes.container(classes=["tp-woz-role-card", f"tp-woz-role-{role['id']}"])
    card["ids"].append(f"woz-role-{role['id']}")
    card += nodes.rubric(text=f"Role card: {role['title']}")
    card += nodes.paragraph(text=" ".join(role["mission"].split()))
    for key, heading in ROLE_SECTIONS:
        if role.get(key):
            card += nodes.paragraph("", "", nodes.strong(text=heading))
            card += bullet_list(role[key])
    return card


def pack_summary(pack) -> nodes.container:
    data = pack.data
    persona = data["persona"]
    box = nodes.container(classes=["tp-woz-pack"])
    box["ids"].append(f"woz-pack-{pack.name}")
    box += nodes.rubric(text=f"Scenario pack: {pack.title}")
    box += labelled("Pack:", f"{pack.name} ({len(pack.items)} items with hidden ground truth, "
                    f"{len(pack.rounds)} rounds, latency budget {pack.budget_seconds:g} s per answer).")
    box += labelled("Where it comes from:", data["story"])
    box += labelled("The product:", data["product_context"])
    box += labelled("The user:", f"{persona['name']}, {persona['role']}. Goal: {persona['goal']}")
    box += labelled("What the model sees:", data["model_view"]["description"])
    rounds = []
    for number, round_ in enumerate(pack.rounds, start=1):
        fields = ", ".join(pack.fields[name]["label"] for name in round_["view"])
        rounds.append(f"Round {number}, {round_['title']}: {fields}.")
    box += bullet_list(rounds)
    box += nodes.paragraph("", "", nodes.strong(text="Allowed answers:"))
    box += bullet_list([f"{name}: {text}" for name, text in pack.labels.items()])
    if pack.asks_confidence:
        box += nodes.paragraph(text="The wizard also gives a confidence from 0 to 100.")
    play = nodes.paragraph()
    play += nodes.Text("Play it: ")
    play += nodes.literal(text=f"tension-points woz play {pack.name}")
    play += nodes.Text(" or, with two screens, ")
    play += nodes.literal(text=f"tension-points woz serve {pack.name}")
    play += nodes.Text(".")
    box += play
    return box


def role_list(argument: str) -> list[str]:
    names = [name.strip() for name in argument.replace(",", " ").split() if name.strip()]
    unknown = [name for name in names if name not in ROLE_IDS]
    if unknown:
        raise ValueError(f"unknown role {', '.join(unknown)}; roles are {', '.join(ROLE_IDS)}")
    return names


class WozRoleCardsDirective(CourseDirective):
    option_spec = {"roles": role_list}

    def run(self) -> list[nodes.Node]:
        roles = self.read_data(roles_path(), load_roles)
        wanted = self.options.get("roles") or [role["id"] for role in roles]
        return [role_card(role) for role in roles if role["id"] in wanted]


class WozPackSummaryDirective(CourseDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        with self.reported():
            pack = load_pack(self.arguments[0])
        self.env.note_dependency(str(pack.path))
        return [pack_summary(pack)]


def setup(app: Sphinx) -> dict:
    app.add_directive("woz-role-cards", WozRoleCardsDirective)
    app.add_directive("woz-pack-summary", WozPackSummaryDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
