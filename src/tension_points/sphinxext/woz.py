"""Directives for the Wizard of Oz exercise: role cards and pack summaries.

``{woz-role-cards}`` renders the printable role cards from
``data/woz/roles.yaml`` (option ``:roles: user, wizard`` for a subset).
``{woz-pack-summary} PACK`` shows a pack's context, persona, the model's view
per round, the labels and the item count (never the items or their truth).
``{woz-item-cards} PACK`` prints the pack's items for the paper route: the user's
copies, then the wizard's copies round by round, each set apart so it can be
cut and handed out on its own; never the truth.
``{woz-answer-key} PACK`` prints, for the facilitator of a group on paper, the right answer
of every item, the rows the naive baseline gets right (the same baseline as ``woz debrief``),
blank columns for the wizard's answers in each round, and why each answer is right.
``{woz-round-pace} SEGMENT`` (with the seconds the user is given to put a question, the
segment's ``live.ask_seconds``) says how many items to play at the activity's preferred and shortest minutes: as many
as every round's part holds at the pack's latency budget plus the asking time, the same items in
both rounds; then tables the seconds an item each round leaves, so the script's pace is the
data's, not figures typed into prose.

Both produce plain docutils nodes (rubrics, paragraphs, bullet lists in
containers), so they render in HTML and in LaTeX alike. A missing pack or a
malformed file is a build error naming the file and what is wrong.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from tension_points import __version__
from tension_points.sphinxext.course_data import course_or_none
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.tables import rich_table
from tension_points.woz.debrief import baseline_label
from tension_points.room.activities.printed import woz_items
from tension_points.woz.pace import items_to_play, round_parts
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


def item_card(title: str, lines: list[tuple[str, str]]) -> nodes.container:
    card = nodes.container(classes=["tp-woz-item-card"])
    card += nodes.rubric(text=title)
    for label, text in lines:
        card += labelled(f"{label}:", str(text))
    return card


def item_cards(pack) -> list[nodes.Node]:
    """The user's set, then one wizard's set per round: a wizard sees only the round's view."""
    sets = [(f"User's copies ({len(pack.items)} cards)",
             [item_card(f"{item['id']}, user's copy", [("Your question", item["request"]), ("What you see", item["user_sees"])])
              for item in pack.items])]
    for number, round_ in enumerate(pack.rounds, start=1):
        sets.append((f"Wizard's copies, round {number}: {round_['title']} ({len(pack.items)} cards)",
                     [item_card(f"{item['id']}, wizard's copy, round {number}",
                                [("The user asks", item["request"]), *pack.view_for(number, item)])
                      for item in pack.items]))
    result: list[nodes.Node] = []
    for heading, cards in sets:
        result.append(nodes.rubric(text=heading, classes=["tp-woz-card-set"]))
        result.extend(cards)
    return result


def write_in_row(item_id: str) -> nodes.entry:
    """The item's cell, with a strut in print: a row tall enough to write a label in by hand."""
    paragraph = nodes.paragraph(text=item_id)
    paragraph += nodes.raw("", r"\rule[-1.5mm]{0pt}{6mm}", format="latex")
    return nodes.entry("", paragraph)


def played_text(plays: list[tuple[object, list[tuple[int, int]]]]) -> tuple[str, str]:
    """The items a round plays, in words for the sheet ("12 at full length (32 min), 10
    shortened (24 min)") and for its count cells ("12, or 10"): ("", "") when no activity plays it."""
    if not plays:
        return "", ""
    counts = sorted({count for _, lengths in plays for _, count in lengths}, reverse=True)
    words = "; ".join(
        f"{segment.title}: " + ", ".join(f"{count} at {minutes} min" for minutes, count in lengths) for segment, lengths in plays
    ) if len(plays) > 1 else ", ".join(
        f"{count} {'at full length' if n == 0 else 'shortened'} ({minutes} min)" for n, (minutes, count) in enumerate(plays[0][1]))
    return words, ", or ".join(str(count) for count in counts)


def answer_key(pack, plays: list | None = None) -> list[nodes.Node]:
    """The facilitator's scoring sheet for a paper group, and why each answer is right; with
    ``plays`` (the course's activities that play the pack, and their items a round), the items
    to play and the counts out of that many."""
    label = baseline_label({"labels": list(pack.labels), "items": pack.items})
    right = [item for item in pack.items if item["truth"] == label]
    words, out_of = played_text(plays or [])
    rounds = [f"Round {n}: tick if right, else the wizard's label" for n in range(1, len(pack.rounds) + 1)]
    rows = [[write_in_row(item["id"]), item["truth"], "yes" if item in right else "", *("" for _ in rounds)] for item in pack.items]
    played = sorted({count for _, lengths in plays or [] for _, count in lengths}, reverse=True)
    baseline = ", or ".join(f"{sum(item in right for item in pack.items[:n])} of {n}" for n in played)
    if out_of:
        rows.append(["Right", "", baseline, *(f"__ of {out_of} played" for _ in rounds)])
    else:
        rows.append(["Right", "", f"{len(right)} of {len(pack.items)}", *(f"__ of {len(pack.items)}" for _ in rounds)])
    box = nodes.container(classes=["tp-woz-answer-key"])
    box["ids"].append(f"woz-answer-key-{pack.name}")
    box += nodes.rubric(text=f"Answer key and scoring sheet: {pack.title}")
    if words:
        play = nodes.paragraph(classes=["tp-woz-items-to-play"])
        play += nodes.strong(text=f"Items to play: {words}.")
        play += nodes.Text(" The facilitator says which before round 1; score only the first that many rows, "
                           "in both rounds and for the baseline.")
        box += play
    box += nodes.paragraph(text=(
        f"The naive baseline always answers {label}, the most frequent right answer in the pack: it is right "
        f"on the {len(right)} items marked yes{f' ({baseline} played)' if baseline else ''}. Count only the rows the rounds played, "
        f"for the baseline as for the wizard. Scoring: the wizard reads out the label on the back of each card "
        f"in item order; the observer ticks the row when it is the right answer and writes the label only "
        f"when it is not, then counts the ticks."))
    box += rich_table(("Item", "Right answer", "Baseline right", *rounds), rows,
                      (8, 14, 12, *(33 for _ in rounds)), ["tp-woz-scoring"])
    box += nodes.paragraph("", "", nodes.strong(text="Why each right answer is right"))
    box += bullet_list([f"{item['id']} ({item['truth']}): {item['why']}" for item in pack.items])
    return [box]


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


class WozItemCardsDirective(CourseDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        with self.reported():
            pack = load_pack(self.arguments[0])
        self.env.note_dependency(str(pack.path))
        return item_cards(pack)


def round_pace(segment, pack, ask_seconds: int) -> list[nodes.Node]:
    """How many items to play at the activity's preferred and shortest minutes, and the seconds
    an item each round then leaves (and would leave with every item)."""
    full = items_to_play(segment, pack, segment.minutes, ask_seconds)
    short = items_to_play(segment, pack, segment.min_minutes, ask_seconds)
    rows = []
    for minutes, items in ((segment.minutes, len(pack.items)), (segment.minutes, full), (segment.min_minutes, short)):
        rounds = round_parts(segment, minutes)
        for number, part in enumerate(rounds, start=1):
            rows.append([f"{minutes} min", f"Round {number}: {len(pack.rounds[number - 1]['view'])} fields",
                         f"{part.minutes} min", str(items), f"{part.minutes * 60 // items} s"])
    intro = nodes.paragraph(text=(
        f"The {pack.name} pack has {len(pack.items)} items and a latency budget of {pack.budget_seconds:g} seconds "
        f"an answer; the user's question and the wizard's answer share the seconds an item. With "
        f"{ask_seconds} seconds for the user to put each question, an item takes up to "
        f"{ask_seconds + pack.budget_seconds:g} seconds, and both rounds play the same items."))
    play = nodes.paragraph(classes=["tp-woz-items-to-play"])
    play += nodes.strong(text=f"Items to play: {full} at full length ({segment.minutes} min), "
                              f"{short} shortened ({segment.min_minutes} min).")
    play += nodes.Text(f" Enter that number in the console's items field, or on paper play the first that many "
                       f"cards of each set, in their printed order.")
    return [intro, play, rich_table(("Activity", "Round (fields the wizard sees)", "Round's minutes", "Items", "Seconds an item"),
                                    rows, (12, 34, 16, 10, 16), ["tp-woz-pace"])]


class WozRoundPaceDirective(CourseDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        with self.reported():
            segment = self.course_data().segment(self.arguments[0])
            if segment is None or segment.live is None or segment.live.kind != "woz":
                raise ValueError(f"{self.arguments[0]} is not a Wizard of Oz activity")
            if not segment.live.spec.get("pack"):
                raise ValueError(f"{self.arguments[0]}: its live setting names no pack")
            pack = load_pack(segment.live.spec["pack"])
            ask_seconds = segment.live.spec.get("ask_seconds")
            if not ask_seconds:
                raise ValueError(f"{self.arguments[0]}: its live setting gives no ask_seconds "
                                 "(the seconds the user has to put a question)")
        self.env.note_dependency(str(pack.path))
        return round_pace(segment, pack, ask_seconds)


class WozAnswerKeyDirective(CourseDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        with self.reported():
            pack = load_pack(self.arguments[0])
            course = course_or_none(self.env)
            plays = woz_items(self.course_data(), pack.name) if course is not None else []  # re-read when the modules change
        self.env.note_dependency(str(pack.path))
        return answer_key(pack, plays)


def setup(app: Sphinx) -> dict:
    app.add_directive("woz-role-cards", WozRoleCardsDirective)
    app.add_directive("woz-pack-summary", WozPackSummaryDirective)
    app.add_directive("woz-item-cards", WozItemCardsDirective)
    app.add_directive("woz-answer-key", WozAnswerKeyDirective)
    app.add_directive("woz-round-pace", WozRoundPaceDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
