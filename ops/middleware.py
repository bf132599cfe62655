"""Answers that need no page of their own: the health check before anything else, a
Danish page for a request with a method the address does not take, and the Danish "not
found" page also when debugging."""

from django.conf import settings
from django.http import Http404
from django.template import loader
from django.views.defaults import page_not_found

from ops.views import health


class HealthCheckMiddleware:
    """`/healthz/` answered first of all, before the host is checked: a load balancer asks by
    the server's IP address, which is rightly not one of `ALLOWED_HOSTS`. The answer says
    whether the database answers and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz/":
            return health(request)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Django answers a GET to a POST-only address with an empty 405; a person who followed a
    link there gets a Danish page instead (the Allow header stays)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = loader.get_template("405.html").render({}, request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class NotFoundPageMiddleware:
    """With DEBUG on (the demo of `make run`), Django answers a 404 with its English debug
    page that lists every address of the app. A person who follows a link to something that
    is not theirs, or mistypes an address, gets the same Danish page as in production."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            return page_not_found(request, Http404())  # no address matched
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
