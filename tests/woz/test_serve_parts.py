"""Parts of `woz serve` that need no browser: the address printed, tokens kept, JSON depth."""

from __future__ import annotations

import os
import stat

import pytest

from tension_points.errors import UserError
from tension_points.woz.web import json_depth, load_or_create_tokens, participant_host, tokens_path


def test_all_interfaces_print_the_network_address_never_loopback():
    assert participant_host("0.0.0.0", ["192.168.1.20", "10.0.0.5"]) == "192.168.1.20"
    assert participant_host("0.0.0.0", []) is None, "no address: say so rather than print 127.0.0.1 for other devices"
    assert participant_host("192.168.1.20", []) == "192.168.1.20"
    assert participant_host("::1", []) == "[::1]"


def test_tokens_are_kept_beside_the_log_readable_only_by_their_owner(tmp_path):
    log = tmp_path / "session.jsonl"
    first = load_or_create_tokens(log)
    assert tokens_path(log) == tmp_path / "session.tokens.json"
    assert stat.S_IMODE(os.stat(tokens_path(log)).st_mode) == 0o600
    assert load_or_create_tokens(log) == first
    assert set(first) == {"wizard", "observer", "facilitator"} and len(set(first.values())) == 3


def test_a_damaged_token_file_is_one_clear_line_and_no_log_is_started(tmp_path, pack_data, write_pack, cli):
    tokens_path(tmp_path / "s.jsonl").write_text('{"wizard": 1}', encoding="utf-8")
    with pytest.raises(UserError, match="s.tokens.json: not a woz token file"):
        load_or_create_tokens(tmp_path / "s.jsonl")
    result = cli("serve", write_pack(pack_data), "--log", tmp_path / "s.jsonl", "--port", "0")
    assert result.returncode == 2
    assert result.stderr.strip() == f"tension-points: error: {tmp_path / 's.tokens.json'}: not a woz token file (delete it and new tokens are made)"
    assert not (tmp_path / "s.jsonl").exists()


@pytest.mark.parametrize(
    "text, depth",
    [('{"a": 1}', 1), ('{"a": [1, {"b": 2}]}', 3), ('{"a": "[[[[[[["}', 1), ('{"a": "\\"[[[["}', 1), ("[" * 500, 500)],
)
def test_json_depth_is_counted_without_parsing(text, depth):
    assert json_depth(text) == depth
