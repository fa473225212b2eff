"""The ready agendas file (data/agendas.yaml): checked against its schema, and a lunch time that
cannot be kept is refused naming the file and the agenda."""

from __future__ import annotations

import pytest

from tension_points.errors import UserError
from tension_points.plan.ready import load_ready_agendas

AGENDA = """agendas:
  - id: day
    title: A day
    minutes: 480
    start: "09:00"
{extra}"""


def agendas_file(tmp_path, extra: str):
    path = tmp_path / "agendas.yaml"
    path.write_text(AGENDA.format(extra=extra), encoding="utf-8")
    return path


def test_a_lunch_time_is_read_as_a_clock_time(tmp_path):
    (day,) = load_ready_agendas(agendas_file(tmp_path, '    lunch_at: "12:30"\n'))
    assert day.lunch_at == 12 * 60 + 30


@pytest.mark.parametrize("extra, message", [
    ('    lunch_at: "25:00"\n', "lunch_at"),
    ('    lunch_at: noon\n', "lunch_at"),
    ('    lunch_at: "08:00"\n', "agenda 'day': lunch_at 08:00 is outside the workshop, 09:00 to 17:00"),
    ('    lunch: 0\n    lunch_at: "12:30"\n', "agenda 'day': lunch_at 12:30: the lunch is 0 minutes long"),
])
def test_a_lunch_time_that_cannot_be_kept_names_the_file_and_the_agenda(tmp_path, extra, message):
    path = agendas_file(tmp_path, extra)
    with pytest.raises(UserError) as error:
        load_ready_agendas(path)
    assert str(path) in str(error.value) and message in str(error.value)
