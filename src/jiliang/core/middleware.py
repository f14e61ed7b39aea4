"""Request-wide middleware of the platform: the request id, and the two-factor step after login."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from jiliang.core.logs import request_id

#: An id a proxy or client may pass in; anything else is replaced (it ends up in logs and headers).
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestIdMiddleware:
    """Takes the ``X-Request-ID`` header of the proxy (if it is a plain token) or makes a new id, puts it
    on ``request.request_id`` and every log record of the request, and returns it as ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


def _needs_second_factor(user: object) -> str | None:
    """ "verify" if the user enrolled a device but has not confirmed a code in this session, "enrol" if
    the setting requires staff to use two-factor and this staff account has none, else None."""
    from django_otp import user_has_device

    if not getattr(user, "is_authenticated", False) or user.is_verified():  # type: ignore[attr-defined]
        return None
    if user_has_device(user):
        return "verify"
    if settings.JILIANG_REQUIRE_STAFF_2FA and (
        getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)
    ):
        return "enrol"
    return None


class TwoFactorMiddleware:
    """After the password, a user with a confirmed TOTP device must give a code before anything else;
    staff without a device are sent to enrol when ``JILIANG_REQUIRE_STAFF_2FA`` is on. API requests
    with a session answer 403 in the API's error shape instead of a redirect (tokens are not affected:
    they are created only from a verified session)."""

    #: Pages reachable between the password and the code.
    exempt_names = ("accounts:two_factor_verify", "accounts:two_factor_enrol", "logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = _needs_second_factor(request.user)
        if step is None or self._exempt(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "error": {
                        "status": 403,
                        "code": "two_factor_required",
                        "message": _("Confirm your two-factor code on the login page first."),
                        "fields": {},
                    }
                },
                status=403,
            )
        target = reverse("accounts:two_factor_verify" if step == "verify" else "accounts:two_factor_enrol")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")

    def _exempt(self, request: HttpRequest) -> bool:
        paths = {reverse(name) for name in self.exempt_names}
        return request.path in paths or request.path.startswith(settings.STATIC_URL)
