"""Login with OKR_COACH_AUTH: the form for people, HTTP Basic for scripts, no API details before login.

One real server (``python -m coach serve``) with auth; requests from urllib, as scripts send them.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from coach.ui.auth import basic_credentials
from tests.browser.conftest import start_app

USER, PASSWORD = "coach", "s3cret:with-colon"
DRAFT = "Period: Q3 2026\n\nObjective 1: Make onboarding effortless so customers stay\n- KR1: Launch the new onboarding flow\n"
#: API routes a script or the page calls; each must refuse a caller who has not logged in.
PROTECTED = ["/config", "/gradio_api/info", "/gradio_api/info?all_endpoints=true", "/gradio_api/call/critique",
             "/gradio_api/queue/status", "/gradio_api/upload", "/gradio_api/file=/etc/passwd",
             "/gradio_api/call/narrative", "/gradio_api/queue/data?session_hash=x"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = start_app(tmp_path_factory.mktemp("auth"), {"OKR_COACH_AUTH": f"{USER}:{PASSWORD}"})
    yield app
    app.stop()


def _get(url: str, headers: dict | None = None, data: bytes | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def _basic(user: str = USER, password: str = PASSWORD) -> dict:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_basic_header_parsing():
    assert basic_credentials("Basic " + base64.b64encode(b"a:b:c").decode()) == ("a", "b:c")
    assert basic_credentials("Basic !!!") is None
    assert basic_credentials("Bearer x") is None
    assert basic_credentials("Basic " + base64.b64encode(b"no-colon").decode()) is None


def test_the_anonymous_login_page_holds_no_api_details(server):
    status, _, page = _get(server.url + "/")
    assert status == 200
    assert "auth_required" in page
    assert "/critique" not in page and "/narrative" not in page
    assert re.search(r'gradio_api_info = \{"named_endpoints": \{\}, "unnamed_endpoints": \{\}\}', page)


@pytest.mark.parametrize("path", PROTECTED)
def test_api_routes_refuse_anonymous_and_wrong_credentials(server, path):
    data = b"{}" if "/call/" in path or "upload" in path else None
    status, _, _ = _get(server.url + path, {"Content-Type": "application/json"}, data)
    assert status == 401, path
    status, headers, body = _get(server.url + path, {**_basic(password="wrong"), "Content-Type": "application/json"}, data)
    assert status == 401, path
    assert headers.get("www-authenticate", headers.get("WWW-Authenticate", "")).startswith("Basic")
    assert "wrong user name or password" in body


def test_curl_u_calls_the_critique_api(server):
    status, _, info = _get(server.url + "/gradio_api/info", _basic())
    assert status == 200 and "/critique" in info
    body = json.dumps({"data": [DRAFT, "default"]}).encode()
    status, _, answer = _get(server.url + "/gradio_api/call/critique", {**_basic(), "Content-Type": "application/json"},
                             body)
    assert status == 200, answer
    event_id = json.loads(answer)["event_id"]
    status, _, stream = _get(server.url + f"/gradio_api/call/critique/{event_id}", _basic())
    assert status == 200
    assert "event: complete" in stream and "kr-is-activity" in stream


def test_the_login_form_still_works_and_then_shows_the_api(server):
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = urllib.parse.urlencode({"username": USER, "password": PASSWORD}).encode()
    with opener.open(urllib.request.Request(server.url + "/login", data=form), timeout=60) as response:
        assert response.status == 200
    with opener.open(server.url + "/", timeout=60) as response:
        page = response.read().decode("utf-8", "replace")
    assert "/critique" in page  # logged in: the page may describe the API
    with opener.open(server.url + "/gradio_api/info", timeout=60) as response:
        assert response.status == 200


TRAVERSAL = ["/gradio_api/file=/etc/passwd", "/gradio_api/file=../../../../etc/passwd",
             "/gradio_api/file=..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/gradio_api/file=%2Fetc%2Fpasswd",
             "/gradio_api/file=....//....//....//etc/passwd", "/gradio_api/file=/proc/self/environ",
             "/gradio_api/file=~/.bashrc", "/gradio_api/file=/etc/passwd%00.png", "/file=/etc/passwd",
             "/gradio_api/file=%252e%252e%252fetc%252fpasswd", "/static/../../../../etc/passwd",
             "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd", "/gradio_api/file=/work", "/gradio_api/file=."]


@pytest.mark.parametrize("path", TRAVERSAL)
def test_file_routes_refuse_traversal_even_when_logged_in(server, path):
    status, _, body = _get(server.url + path, _basic())
    assert "root:" not in body and "PATH=" not in body, path
    assert status in (400, 403, 404, 405), (path, status)
