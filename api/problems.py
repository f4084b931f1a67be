"""Errors as problem documents (RFC 9457): `type`, `title`, `status`, `detail`, as JSON."""

import json
from http import HTTPStatus

from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

CONTENT_TYPE = "application/problem+json"

# What an error page of Django's own (not a view's) means, said to a program.
DJANGO_ERRORS = {
    400: "The request could not be understood.",
    403: "The request is not allowed.",
    404: "There is nothing at this address.",
    412: "The item is not the one If-Match names: it has changed.",
    500: "Something went wrong on our side; it has been logged.",
    503: "The portal cannot reach its database just now; try again after Retry-After seconds.",
}


def problem(status: int, detail: str = "", **extensions) -> dict:
    """The problem document of a status: no specific type, so the title is the status's."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    return {**body, **extensions}


def is_problem(response) -> bool:
    return response.get("Content-Type", "").startswith(CONTENT_TYPE)


def rewrite_as_problem(response) -> None:
    """Turn one of Django's HTML error pages into a problem, keeping status and headers."""
    body = problem(response.status_code, DJANGO_ERRORS.get(response.status_code, ""))
    response.content = json.dumps(body, separators=(",", ":"))
    response["Content-Type"] = CONTENT_TYPE
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


def exception_handler(exc, context):
    """DRF's handling (status, Allow, Retry-After headers), with a problem as the body.

    Returns None for an unexpected exception: Django logs it and answers its 500 page, which
    APIMiddleware turns into a problem.
    """
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"detail": response.data}
        names = ", ".join(errors)
        body = problem(400, f"These parameters are not valid: {names}.", errors=errors)
    elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body = problem(
            429, f"Too many requests from this address; try again in {exc.wait} seconds."
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem(response.status_code, str(detail))
    response.data = body
    response.content_type = CONTENT_TYPE
    # As JSON, whatever the view renders otherwise (the schema's YAML, the docs page's HTML)
    # and even when content negotiation itself failed.
    context["request"].accepted_renderer = JSONRenderer()
    context["request"].accepted_media_type = CONTENT_TYPE
    return response
