"""The web app's shell: banner, limits, launch settings, auth, and applying suggestions to a draft."""

from __future__ import annotations

import argparse

import pytest

from coach.config import load_settings
from coach.errors import CoachError, ConfigError, InputTooLargeError
from coach.model import Location, Suggestion
from coach.parse import parse_draft
from coach.ui.banner import banner_markdown, llm_host
from coach.ui.limits import CHECKIN_TYPES, check_draft_size, check_upload, read_text_upload
from coach.ui.revise import StaleSuggestionError, apply_suggestion, draft_json, draft_markdown

DRAFT = """Team: Growth
Period: Q3 2026

Objective 1: Make onboarding effortless so new customers reach value in their first week
- KR1: Launch the new onboarding flow (owner: Ana)
- KR2: Increase activation rate from 20% to 35%

Objective 2: Improve customer happiness
- KR1: Improve NPS significantly
"""


# --------------------------------------------------------------------------- banner


def test_banner_offline_by_default():
    text = banner_markdown(load_settings(environ={}))
    assert text.startswith("**Offline writer:**")
    assert "no LLM is configured" in text


def test_banner_offline_flag_wins_over_configured_llm():
    settings = load_settings({"offline": True}, environ={"OKR_COACH_LLM_MODEL": "m"})
    assert "offline mode is on" in banner_markdown(settings)


def test_banner_names_model_and_host_never_the_key():
    settings = load_settings(environ={"OKR_COACH_LLM_MODEL": "llama3.1", "OKR_COACH_LLM_API_KEY": "sk-secret-123",
                                      "OKR_COACH_LLM_BASE_URL": "http://user:pw@10.0.0.5:11434/v1?token=t"})
    text = banner_markdown(settings)
    assert "llama3.1" in text and "10.0.0.5:11434" in text
    for secret in ("sk-secret-123", "user", "pw@", "token", "/v1"):
        assert secret not in text


@pytest.mark.parametrize("url, host", [(None, "api.openai.com"), ("https://api.example.com/v1", "api.example.com"),
                                       ("localhost:8000", "localhost:8000"), ("http://[::1]:9/v1", "[::1]:9")])
def test_llm_host(url, host):
    assert llm_host(url) == host


# --------------------------------------------------------------------------- limits


def test_draft_size_limit_names_the_setting():
    check_draft_size("x" * 100, 100)
    with pytest.raises(InputTooLargeError, match="ui.max_draft_chars") as info:
        check_draft_size("x" * 101, 100)
    assert "101 characters" in str(info.value) and "100" in str(info.value)


def test_upload_type_and_size_are_checked(tmp_path):
    ok = tmp_path / "checkins.csv"
    ok.write_text("kr,value\n", encoding="utf-8")
    assert check_upload(ok, CHECKIN_TYPES, 1, field="Check-in file") == ok
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(CoachError, match="not an accepted file type"):
        check_upload(exe, CHECKIN_TYPES, 1, field="Check-in file")
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:  # sparse: no real disk use
        fh.truncate(3_000_000)
    with pytest.raises(InputTooLargeError, match="3.0 MB; the limit is 2 MB"):
        check_upload(big, CHECKIN_TYPES, 2, field="Check-in file")


def test_text_upload_refuses_binary_and_bad_utf8(tmp_path):
    binary = tmp_path / "a.csv"
    binary.write_bytes(b"a,b\x00c")
    with pytest.raises(CoachError, match="binary"):
        read_text_upload(binary, 1000, field="Check-in file")
    latin = tmp_path / "b.csv"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(CoachError, match="byte 3 is not valid UTF-8"):
        read_text_upload(latin, 1000, field="Check-in file")


# --------------------------------------------------------------------------- launch settings


def test_launch_kwargs_keep_everything_local(monkeypatch):
    from coach.ui.app import launch_kwargs, theme

    settings = load_settings({"ui": {"max_file_mb": 5}}, environ={})
    kwargs = launch_kwargs(settings)
    assert kwargs["server_name"] == "127.0.0.1" and kwargs["server_port"] == 7860
    assert kwargs["share"] is False and kwargs["footer_links"] == [] and kwargs["run_history"] is False
    assert kwargs["enable_monitoring"] is False and kwargs["mcp_server"] is False
    assert kwargs["max_file_size"] == 5_000_000 and kwargs["auth"] is None

    from gradio.themes.utils.fonts import GoogleFont

    fonts = list(theme()._font) + list(theme()._font_mono)
    assert fonts and not any(isinstance(f, GoogleFont) for f in fonts)


def test_auth_from_environment():
    from coach.ui.app import launch_kwargs, parse_auth

    settings = load_settings(environ={"OKR_COACH_AUTH": "coach:s3cret:with-colon"})
    assert launch_kwargs(settings)["auth"] == ("coach", "s3cret:with-colon")
    for bad in ("nopassword", ":pw", "user:"):
        with pytest.raises(ConfigError, match="user:password"):
            parse_auth(bad)


def test_serve_command_defaults_to_localhost():
    from coach.cli import serve

    parser = argparse.ArgumentParser()
    serve.register(parser.add_subparsers())
    args = parser.parse_args(["serve"])
    assert args.host is None and args.port is None and args.func is serve.run
    args = parser.parse_args(["serve", "--host", "0.0.0.0", "--port", "8000"])
    assert (args.host, args.port) == ("0.0.0.0", 8000)


# --------------------------------------------------------------------------- accepting suggestions


def _suggestion(objective, key_result, text, moved=None, kind="key_result"):
    return Suggestion(kind=kind, location=Location(objective=objective, key_result=key_result), original="x",
                      text=text, moved_to_initiatives=moved, source="template", verified=True)


def test_accepting_replaces_the_line_and_moves_the_activity():
    okr_set = parse_draft(DRAFT)
    revised = apply_suggestion(okr_set, _suggestion(
        1, 1, "Increase onboarding completion rate from [current %] to [target %] by end of Q3 2026",
        moved="Launch the new onboarding flow"))
    assert okr_set.objectives[0].key_results[0].text == "Launch the new onboarding flow"  # input untouched
    objective = revised.objectives[0]
    assert objective.key_results[0].text.startswith("Increase onboarding completion rate")
    assert [i.text for i in objective.initiatives] == ["Launch the new onboarding flow"]
    assert objective.initiatives[0].owner == "Ana"
    again = apply_suggestion(revised, _suggestion(1, 1, "Other text", moved="launch the new onboarding flow"))
    assert len(again.objectives[0].initiatives) == 1  # the same activity is not added twice


def test_accepting_an_objective_rewrite():
    revised = apply_suggestion(parse_draft(DRAFT), _suggestion(2, None, "Make customers happy so they renew",
                                                               kind="objective"))
    assert revised.objectives[1].text == "Make customers happy so they renew"


def test_stale_suggestion_is_refused():
    with pytest.raises(StaleSuggestionError):
        apply_suggestion(parse_draft(DRAFT), _suggestion(1, 7, "x"))
    with pytest.raises(StaleSuggestionError):
        apply_suggestion(parse_draft(DRAFT), _suggestion(9, 1, "x"))


def _shape(okr_set):
    return [(o.text, o.owner, [(k.text, k.owner, k.kind) for k in o.key_results], [i.text for i in o.initiatives])
            for o in okr_set.objectives], okr_set.team, okr_set.period


@pytest.mark.parametrize("writer, source", [(draft_markdown, "revised.md"), (draft_json, "revised.json")])
def test_revised_draft_parses_back_to_the_same_set(writer, source):
    okr_set = apply_suggestion(parse_draft(DRAFT), _suggestion(1, 1, "Raise week-1 activation from 20% to 30%",
                                                               moved="Launch the new onboarding flow"))
    assert _shape(parse_draft(writer(okr_set), source=source)) == _shape(okr_set)
