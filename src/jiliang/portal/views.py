"""Public certificate check: the QR code on a certificate leads here; anyone may look a number up."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiliang.instruments.selectors import certificate_public_get


@login_not_required
def certificate_check(request: HttpRequest, check_code: str = "") -> HttpResponse:
    """Show what the certificate says and whether it is still valid, revoked or replaced."""
    number = request.GET.get("number", "")
    code = check_code or request.GET.get("code", "")
    certificate = certificate_public_get(check_code=code, number=number)
    searched = bool(code or number)
    return render(
        request,
        "portal/certificate_check.html",
        {"certificate": certificate, "searched": searched, "number": number, "code": code},
        status=404 if searched and certificate is None else 200,
    )
