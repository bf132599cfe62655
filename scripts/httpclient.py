"""A small cookie-keeping HTTP client on the standard library, for the smoke test and the load
benchmark: it logs in like a browser (CSRF cookie and form field) and posts autosaves."""

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


@dataclass
class Response:
    status: int
    headers: object
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base_url: str, timeout: float = 120):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        cookie_handler = urllib.request.HTTPCookieProcessor(self.cookies)
        self._follow = urllib.request.build_opener(cookie_handler)
        self._stay = urllib.request.build_opener(cookie_handler, _NoRedirect)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def request(self, method, path, data=None, headers=None, follow=True) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # Always the http:// base URL the caller gave, never a scheme from elsewhere.
        request = urllib.request.Request(  # noqa: S310
            self.base_url + path, data=body, method=method, headers=headers or {}
        )
        opener = self._follow if follow else self._stay
        try:
            with opener.open(request, timeout=self.timeout) as response:
                return Response(response.status, response.headers, response.read(), response.url)
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, error.headers, error.read(), error.url)

    def get(self, path, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path, data, headers=None, **kwargs) -> Response:
        headers = {"X-CSRFToken": self.cookie("csrftoken"), **(headers or {})}
        return self.request("POST", path, data=data, headers=headers, **kwargs)

    def log_in(self, username: str, password: str, code=None) -> Response:
        """Log in; `code()` gives the second factor's code for those who are asked for one."""
        self.get("/login/")
        token = self.cookie("csrftoken")
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        response = self.post("/login/", data)
        if code is not None and urllib.parse.urlsplit(response.url).path == "/login/totrin/":
            data = {"code": code(), "csrfmiddlewaretoken": self.cookie("csrftoken")}
            response = self.post("/login/totrin/", data)
        if "/login/" in urllib.parse.urlsplit(response.url).path:
            raise RuntimeError(f"{username} could not log in (status {response.status})")
        return response
