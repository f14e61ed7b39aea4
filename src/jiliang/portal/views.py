"""Public certificate check: the QR code on a certificate leads here; anyone may look a number up.

A number alone answers only "exists / does not exist"; the check code printed on the certificate earns its
details and its state today (instruments.selectors.certificate_public_check). Every question counts
against the client's rate limit (portal.throttling).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiliang.instruments.choices import CertificatePublicState
from jiliang.instruments.selectors import certificate_public_check
from jiliang.portal.throttling import rate_hit


@dataclass(frozen=True)
class StateDisplay:
    """How the page shows a state: a colour (CSS class) and, so colour is never the only signal, an icon
    and a headline that says it in words."""

    css: str
    icon: str
    headline: str | Promise


STATE_DISPLAY = {
    CertificatePublicState.VALID: StateDisplay("ok", "✔", _("This certificate is genuine and valid.")),
    CertificatePublicState.EXPIRED: StateDisplay(
        "warn", "⚠", _("This certificate is genuine but has expired: it is no longer valid.")
    ),
    CertificatePublicState.REVOKED: StateDisplay(
        "bad", "✖", _("This certificate is genuine but has been revoked: it is no longer valid.")
    ),
    CertificatePublicState.SUPERSEDED: StateDisplay(
        "superseded",
        "⟳",
        _(
            "This certificate is genuine but has been replaced by a reissued certificate: it is no longer "
            "valid."
        ),
    ),
    CertificatePublicState.NONCONFORMING: StateDisplay(
        "bad",
        "✖",
        _(
            "This notice of non-conformity is genuine: the instrument failed verification and must not "
            "be used."
        ),
    ),
}


@login_not_required
def certificate_check(request: HttpRequest, check_code: str = "") -> HttpResponse:
    """Answer a certificate check: exists / not (number only) or the details and state (check code)."""
    number = request.GET.get("number", "")
    code = check_code or request.GET.get("code", "")
    context: dict[str, object] = {"number": number, "code": code, "searched": bool(number.strip() or code)}
    if not context["searched"]:
        return render(request, "portal/certificate_check.html", context)
    decision = rate_hit(
        request,
        scope="certificate-check",
        limit=settings.JILIANG_PUBLIC_CHECK_LIMIT,
        window=settings.JILIANG_PUBLIC_CHECK_WINDOW,
    )
    if not decision.allowed:
        context["throttled"] = True
        context["retry_minutes"] = -(-decision.retry_after // 60)
        response = render(request, "portal/certificate_check.html", context, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
    answer = certificate_public_check(number=number, check_code=code, today=timezone.localdate())
    context["answer"] = answer
    if answer.state is not None:
        context["display"] = STATE_DISPLAY[answer.state]
    return render(request, "portal/certificate_check.html", context, status=200 if answer.exists else 404)
