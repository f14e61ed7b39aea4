"""One error shape for every API error.

    {"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"uscc": ["…"]}}}

Service-layer ``ValidationError`` and ``PermissionDenied`` from Django become 400 and 403 here, so the
API reports a refused write exactly as the form does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _fields(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            ("non_field_errors" if k == "__all__" else str(k)): [
                str(m) for m in (v if isinstance(v, list) else [v])
            ]
            for k, v in detail.items()
        }
    return {}


def error_body(
    *, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """The one error shape, for the few answers that are built without raising an exception."""
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Translate any exception an API view raises into the one error shape."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields = _fields(detail)
    if fields:
        first = next(iter(fields.items()))
        message = f"{first[0]}: {first[1][0]}"
    else:
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
    code = getattr(exc, "default_code", "error")
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        message = message or _("Invalid input.")
    response.data = error_body(status=response.status_code, code=code, message=message, fields=fields)
    return response


def api_not_found(request: Any, rest: str = "") -> Any:
    """Any path under /api/ that no route serves: the one error shape with 404, never Django's HTML page.

    A path that resolves once a slash is appended is redirected, as Django's APPEND_SLASH would.
    """
    from django.http import HttpResponsePermanentRedirect, JsonResponse
    from django.urls import Resolver404, resolve

    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    message = _("No API endpoint at %(path)s.") % {"path": request.path[:200]}
    return JsonResponse(error_body(status=404, code="not_found", message=message), status=404)
