"""The check at the top of every exercise notebook: quiet where the exercise files are, one
message saying where to open the notebook where they are not (no traceback in Jupyter)."""

from __future__ import annotations

import pytest

from tension_points.exercise_folder.check import NotInExerciseFolder, ready_for_exercises


def test_in_an_exercises_folder_it_says_ready(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "sample-projects").mkdir()
    ready_for_exercises(tmp_path)
    assert capsys.readouterr().out.startswith("Ready: the exercise files are here")


def test_elsewhere_it_names_the_folder_what_is_missing_and_the_command(tmp_path):
    (tmp_path / "data").mkdir()
    with pytest.raises(NotInExerciseFolder) as raised:
        ready_for_exercises(tmp_path)
    message = str(raised.value)
    assert f"open in {tmp_path}, which has no sample-projects folder beside it" in message
    assert "`tension-points exercises ~/tension-points-exercises`" in message
    assert raised.value._render_traceback_() == [message]  # what IPython shows: the message alone
