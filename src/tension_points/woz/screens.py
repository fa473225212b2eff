"""What each Wizard of Oz screen may see and do, as plain functions of a :class:`Session`.

The user's, wizard's, observer's and facilitator's screens are served by the live room
(``room/activities/woz.py``); this module is the game's side of them: the state each role
is shown (the user never the model's view, the wizard never what the user sees, nobody
the truth) and the checks on what each may send. A refusal is a :class:`UserError` with
the message the screen shows; a stale screen's is a :class:`Conflict`.
"""

from __future__ import annotations

from typing import Any

from tension_points.errors import UserError
from tension_points.woz.pack import Pack
from tension_points.woz.session import MAX_NOTE_CHARS, MAX_QUESTION_CHARS, MAX_WISH_CHARS, Session


# -- what each screen may see ---------------------------------------------------

def round_info(pack: Pack, round_number: int | None) -> dict[str, Any] | None:
    if round_number is None:
        return None
    round_ = pack.rounds[round_number - 1]
    return {"number": round_number, "of": len(pack.rounds), "title": round_["title"], "description": round_["description"]}


def common_state(session: Session) -> dict[str, Any]:
    current = session.current()
    return {
        "version": session.version,
        "finished": current is None,
        "round": round_info(session.pack, current[0] if current else None),
        "awaiting_release": session.awaiting_release(),
        "answered": len(session.answers()),
        "total": len(session.plan),
    }


def user_state(session: Session) -> dict[str, Any]:
    """The user's screen: what the product shows. Never the model's view, never the truth."""
    pack = session.pack
    with session.lock:
        current = session.current()
        pending = session.pending_question()
        questions = session.state.questions
        history = [
            {
                "round": a["round"],
                "question": questions[key]["text"] if key in questions else "",
                "label": a["label"],
                "description": pack.labels[a["label"]],
                "confidence": a["confidence"],
            }
            for key, a in session.answers().items()
        ]
        return {
            **common_state(session),
            "pack": {"title": pack.title, "product_context": pack.data["product_context"], "persona": pack.data["persona"]},
            "log": session.log_path.name,
            "current": None if current is None else {
                "position": session.position(),
                "total": len(session.plan),
                "key": f"{current[0]}/{current[1]['id']}",
                "user_sees": current[1]["user_sees"],
                "request": current[1]["request"],
            },
            "pending": None if pending is None else {"text": pending["text"]},
            "history": history,
        }


def model_fields(session: Session, round_number: int, item: dict[str, Any]) -> list[dict[str, str]]:
    return [{"label": label, "value": value} for label, value in session.pack.view_for(round_number, item)]


def wizard_state(session: Session) -> dict[str, Any]:
    """The wizard's screen: only the model's view for the current round, once the user has asked.

    The question carries its round and item, which the answer must name; the time since it
    was first shown is measured here, on the server.
    """
    pack = session.pack
    with session.lock:
        current = session.current()
        pending = session.pending_question()
        question = None
        if pending is not None:
            round_number, item = current
            shown_at = session.shown_at((round_number, item["id"]))
            question = {
                "round": round_number,
                "item": item["id"],
                "key": f"{round_number}/{item['id']}/{pending['time']}/{shown_at}",
                "text": pending["text"],
                "elapsed_seconds": None if shown_at is None else round(max(session.clock() - shown_at, 0.0), 2),
                "fields": model_fields(session, round_number, item),
            }
        last = session.last_answer()
        return {
            **common_state(session),
            "pack": {
                "title": pack.title,
                "model_view": pack.data["model_view"]["description"],
                "labels": [{"name": name, "description": text} for name, text in pack.labels.items()],
                "confidence": pack.asks_confidence,
                "budget_seconds": pack.budget_seconds,
                "budget_why": pack.data["latency_budget"]["why"],
                "max_wish": MAX_WISH_CHARS,
            },
            "question": question,
            "last_answer": None if last is None else {"round": last["round"], "item": last["item"], "label": last["label"]},
        }


def observer_state(session: Session) -> dict[str, Any]:
    """The observer watches both sides of the curtain (never the truth) and writes notes."""
    with session.lock:
        current = session.current()
        pending = session.pending_question()
        questions = session.state.questions
        return {
            **common_state(session),
            "pack": {"title": session.pack.title, "max_note": MAX_NOTE_CHARS},
            "current": None if current is None else {
                "round": current[0],
                "item": current[1]["id"],
                "user_sees": current[1]["user_sees"],
                "question": None if pending is None else pending["text"],
                "fields": model_fields(session, current[0], current[1]),
            },
            "answers": [
                {"round": r, "item": i, "question": questions[(r, i)]["text"] if (r, i) in questions else "",
                 "label": a["label"], "confidence": a["confidence"], "latency_seconds": a["latency_seconds"]}
                for (r, i), a in reversed(list(session.answers().items()))
            ],
            "notes": [
                {"time": n["time"], "round": n["round"], "item": n["item"], "text": n["text"]}
                for n in reversed(session.notes())
            ],
        }


def facilitator_state(session: Session) -> dict[str, Any]:
    """The facilitator releases each round and sees how the session is going."""
    with session.lock:
        pending = session.pending_question()
        key = session.current_key()
        events = session.events
        return {
            **common_state(session),
            "pack": {"title": session.pack.title},
            "log": session.log_path.name,
            "current_item": None if key is None else key[1],
            "asked": pending is not None,
            "shown": key is not None and key in session.state.shown,
            "refused": sum(e["event"] == "refused" for e in events),
            "undone": sum(e["event"] == "undo" for e in events),
            "notes": sum(e["event"] == "note" for e in events),
        }


# -- what each screen may do --------------------------------------------------------

def text_field(body: dict[str, Any], name: str, limit: int, required: bool = False) -> str:
    value = body.get(name, "")
    if value is None and not required:
        value = ""
    if not isinstance(value, str):
        raise UserError(f"'{name}' must be text")
    if len(value) > limit:
        raise UserError(f"'{name}' is too long (at most {limit} characters)")
    if required and not value.strip():
        raise UserError(f"type the {name} first" if name != "text" else "type something first")
    return value


def item_fields(body: dict[str, Any]) -> tuple[int, str]:
    """The round and item a screen says it acted on: every answer and undo must name them."""
    round_number, item_id = body.get("round"), body.get("item")
    if isinstance(round_number, bool) or not isinstance(round_number, int) or not isinstance(item_id, str) or not item_id:
        raise UserError("say which question this is for: 'round' (a number) and 'item' (its id)")
    if len(item_id) > 200:
        raise UserError("'item' is too long")
    return round_number, item_id


def answer_fields(body: dict[str, Any], pack: Pack) -> tuple[str, float | None, str | None]:
    label = body.get("label")
    if label not in pack.labels:
        raise UserError("choose one of the labels")
    confidence = body.get("confidence")
    if confidence is not None:
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 100:
            raise UserError("confidence must be a number from 0 to 100")
        confidence = confidence / 100
    wish = text_field(body, "wish", MAX_WISH_CHARS) or None
    return label, confidence, wish


def do_ask(session: Session, body: dict[str, Any]) -> None:
    session.ask(text_field(body, "text", MAX_QUESTION_CHARS, required=True))


def do_answer(session: Session, body: dict[str, Any]) -> None:
    label, confidence, wish = answer_fields(body, session.pack)
    round_number, item_id = item_fields(body)
    session.answer(label, confidence, wish, round_number, item_id)


def do_undo(session: Session, body: dict[str, Any]) -> None:
    session.undo(*item_fields(body))


def do_note(session: Session, body: dict[str, Any]) -> None:
    session.note(text_field(body, "text", MAX_NOTE_CHARS, required=True), by="observer")


def do_release(session: Session, body: dict[str, Any]) -> None:
    round_number = body.get("round")
    if isinstance(round_number, bool) or not isinstance(round_number, int):
        raise UserError("say which round to start: 'round' (a number)")
    session.release(round_number)
