"""Login for the web app: Gradio's login form for people, HTTP Basic for scripts, no API details before login.

Gradio's ``auth=`` gives a login form and a session cookie; a script's ``curl -u user:password`` gets 401,
and the anonymous login page still embeds the API description (``window.gradio_api_info``: every
endpoint and its parameters). :class:`BasicAuthBridge`, an ASGI middleware inside Gradio's app, closes both:

* A request with ``Authorization: Basic`` and the right user and password is let in as that user: the
  middleware hands Gradio the session cookie of a token it registered for the user (Gradio checks the
  cookie, not the header). Wrong or malformed credentials get 401 with ``WWW-Authenticate: Basic`` at once.
  Requests without the header are Gradio's as before (form, cookie, 401 on API routes).
* An HTML page served to a request that is not logged in has ``window.gradio_api_info`` emptied.

Passwords are compared in constant time (:func:`hmac.compare_digest`).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
import secrets

_API_INFO_RE = re.compile(rb"<script>window\.gradio_api_info = .*?;</script>", re.DOTALL)
_NO_API_INFO = b'<script>window.gradio_api_info = {"named_endpoints": {}, "unnamed_endpoints": {}};</script>'
REALM = "okr-coach"


def basic_credentials(header: str) -> tuple[str, str] | None:
    """``'Basic dXNlcjpwdw=='`` -> ``('user', 'pw')``; None when the header is not well-formed Basic."""
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


class BasicAuthBridge:
    """ASGI middleware for Gradio's app (``Blocks.launch(app_kwargs={"middleware": [...]})``)."""

    def __init__(self, app, *, user: str, password: str) -> None:
        self.app = app
        self.user = user
        self.password = password
        self.token = secrets.token_urlsafe(32)  # the session Basic requests share, registered with Gradio

    def _valid(self, credentials: tuple[str, str] | None) -> bool:
        if credentials is None:
            return False
        user_ok = hmac.compare_digest(credentials[0].encode(), self.user.encode())
        password_ok = hmac.compare_digest(credentials[1].encode(), self.password.encode())
        return user_ok and password_ok

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        gradio_app = scope.get("app")
        headers = list(scope.get("headers") or [])
        authorization = next((v for k, v in headers if k == b"authorization"), None)
        if authorization is not None and authorization[:6].lower() == b"basic ":
            if not self._valid(basic_credentials(authorization.decode("latin-1"))):
                return await _unauthorized(send)
            if gradio_app is not None and hasattr(gradio_app, "tokens"):
                gradio_app.tokens[self.token] = self.user
                cookie = f"access-token-{gradio_app.cookie_id}={self.token}".encode()
                headers = [(k, v) for k, v in headers if k != b"cookie"] + [
                    (b"cookie", b"; ".join([*(v for k, v in headers if k == b"cookie"), cookie]))]
                scope = {**scope, "headers": headers}
            return await self.app(scope, receive, send)
        if _logged_in(gradio_app, headers):
            return await self.app(scope, receive, send)
        return await self.app(scope, receive, _without_api_info(send))


def _logged_in(gradio_app, headers) -> bool:
    """Does the request carry a session cookie Gradio knows?"""
    tokens = getattr(gradio_app, "tokens", None)
    cookie_id = getattr(gradio_app, "cookie_id", None)
    if not tokens or cookie_id is None:
        return False
    from http.cookies import CookieError, SimpleCookie

    jar = SimpleCookie()
    for key, value in headers:
        if key == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except CookieError:
                continue
    names = (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}")
    return any(name in jar and jar[name].value in tokens for name in names)


async def _unauthorized(send) -> None:
    body = json.dumps({"detail": "wrong user name or password (HTTP Basic, as set in OKR_COACH_AUTH)"}).encode()
    await send({"type": "http.response.start", "status": 401,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"www-authenticate", f'Basic realm="{REALM}", charset="UTF-8"'.encode())]})
    await send({"type": "http.response.body", "body": body})


def _without_api_info(send):
    """A ``send`` that empties ``window.gradio_api_info`` in an HTML response (buffered: a page is small)."""
    state = {"html": False, "start": None, "chunks": []}

    async def wrapped(message):
        if message["type"] == "http.response.start":
            content_type = next((v for k, v in message.get("headers", []) if k == b"content-type"), b"")
            if content_type.startswith(b"text/html"):
                state["html"], state["start"] = True, message
                return None
            return await send(message)
        if message["type"] == "http.response.body" and state["html"]:
            state["chunks"].append(message.get("body", b""))
            if message.get("more_body"):
                return None
            body = _API_INFO_RE.sub(_NO_API_INFO, b"".join(state["chunks"]))
            start = state["start"]
            headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            return await send({"type": "http.response.body", "body": body})
        return await send(message)

    return wrapped
