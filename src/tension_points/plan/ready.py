"""The facilitator guide's ready agendas (``data/agendas.yaml``): planned by the same planner
wherever they appear, in the handbook, the run-sheets, the command line and the room."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tension_points.course import Module, clock, parse_clock
from tension_points.datafiles import check_unique_field, load_validated, package_path
from tension_points.errors import UserError
from tension_points.plan.agenda import Agenda
from tension_points.plan.planner import BREAK_MINUTES, plan

READY_AGENDAS = package_path("data/agendas.yaml")


@dataclass(frozen=True)
class ReadyAgenda:
    id: str
    title: str
    minutes: int
    start: int  # minutes after midnight
    break_minutes: int = BREAK_MINUTES
    lunch_minutes: int | None = None
    modules: tuple[str, ...] | None = None
    lunch_at: int | None = None  # minutes after midnight

    def plan(self, modules: list[Module], start: int | None = None, lunch_at: int | None = None,
             keep: Iterable[str] = ()) -> Agenda:
        """The agenda, starting at ``start`` (default its own), with lunch nearest ``lunch_at``
        (a clock time in minutes after midnight; default its own), and the optional segments
        named in ``keep`` kept in."""
        start = self.start if start is None else start
        lunch_at = self.lunch_at if lunch_at is None else lunch_at
        selected = list(self.modules) if self.modules is not None else None
        return plan(modules, self.minutes, selected, break_minutes=self.break_minutes, lunch_minutes=self.lunch_minutes,
                    lunch_at=None if lunch_at is None else lunch_at - start, keep=keep)


def load_ready_agendas(path: Path = READY_AGENDAS) -> tuple[ReadyAgenda, ...]:
    data = load_validated(path, "agendas")
    check_unique_field(path, data["agendas"], "agendas", "agenda id")
    agendas = tuple(
        ReadyAgenda(
            id=entry["id"], title=entry["title"], minutes=entry["minutes"], start=parse_clock(entry["start"]),
            break_minutes=entry.get("break", BREAK_MINUTES), lunch_minutes=entry.get("lunch"),
            modules=tuple(entry["modules"]) if "modules" in entry else None,
            lunch_at=parse_clock(entry["lunch_at"]) if "lunch_at" in entry else None,
        )
        for entry in data["agendas"]
    )
    for agenda in agendas:
        if agenda.lunch_at is not None:
            problem = lunch_time_problem(agenda.lunch_at, agenda.start, agenda.minutes, agenda.lunch_minutes)
            if problem:
                raise UserError(f"{path}: agenda '{agenda.id}': lunch_at {problem}")
    return agendas


def lunch_time_problem(lunch_at: int, start: int, minutes: int, lunch_minutes: int | None) -> str | None:
    """What is wrong with a lunch time (minutes after midnight) for a workshop, in words; None if nothing."""
    if lunch_minutes == 0:
        return f"{clock(0, lunch_at)}: the lunch is 0 minutes long, so there is no lunch to place"
    if not start < lunch_at < start + minutes:
        return (f"{clock(0, lunch_at)} is outside the workshop, {clock(start, 0)} to {clock(start, minutes)}; "
                "give a time between them")
    return None


def ready_agenda(agenda_id: str, path: Path = READY_AGENDAS) -> ReadyAgenda:
    agendas = load_ready_agendas(path)
    for agenda in agendas:
        if agenda.id == agenda_id:
            return agenda
    raise UserError(f"no ready agenda '{agenda_id}' (ready agendas: {', '.join(a.id for a in agendas)})")
