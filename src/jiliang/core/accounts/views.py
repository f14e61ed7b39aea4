"""The account page: API tokens (created here, shown once), two-factor enrolment and the code step
after the password, and the lock-out page django-axes answers with."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiliang.core.accounts import forms, selectors, services


def _errors(exc: ValidationError | PermissionDenied) -> str:
    return "; ".join(getattr(exc, "messages", [str(exc)]))


def account(request: HttpRequest) -> HttpResponse:
    """The user's API tokens and two-factor status."""
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": selectors.api_token_list(user=request.user).filter(user_id=request.user.pk or 0),
            "token_form": forms.ApiTokenForm(),
            "two_factor": user_has_device(request.user),
            "now": timezone.now(),
        },
    )


@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Create a token (POST); the token is on this response only."""
    form = forms.ApiTokenForm(request.POST)
    if form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        expires_at = (
            # valid through the chosen day
            timezone.make_aware(dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time.min))
            if expires_on
            else None
        )
        try:
            record, token = services.api_token_create(
                actor=request.user, user=request.user, name=form.cleaned_data["name"], expires_at=expires_at
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        else:
            response = render(request, "accounts/token_created.html", {"record": record, "token": token})
            response["Cache-Control"] = "no-store"
            return response
    else:
        messages.error(request, "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()))
    return HttpResponseRedirect(reverse("accounts:account"))


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, pk=pk)
    try:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Revoked %s.") % token.name)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    return HttpResponseRedirect(reverse("accounts:account"))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return reverse("home")


def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR code with an authenticator app, then confirm with its current code."""
    if user_has_device(request.user):
        messages.info(request, _("Two-factor sign-in is already on for this account."))
        return HttpResponseRedirect(reverse("accounts:account"))
    device = services.two_factor_device_start(actor=request.user)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_confirm(actor=request.user, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", _errors(exc))
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on: every login now asks for a code."))
            return HttpResponseRedirect(_next(request))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1f2933")
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr": mark_safe(qr),  # segno's own SVG markup; the URL in it is ours
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "required": settings.JILIANG_REQUIRE_STAFF_2FA and request.user.is_staff,
            "next": _next(request),
        },
    )


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code step after the password, for users with a confirmed device."""
    if not user_has_device(request.user):
        return HttpResponseRedirect(_next(request))
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            verified, _reason = device.verify_is_allowed()
            if verified and device.verify_token(code):
                otp_login(request, device)
                return HttpResponseRedirect(_next(request))
        form.add_error("code", _("The code is wrong or has expired; enter the current one."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if settings.JILIANG_REQUIRE_STAFF_2FA and request.user.is_staff:
        messages.error(request, _("Two-factor sign-in is required for staff accounts."))
    else:
        services.two_factor_disable(actor=request.user, user=request.user)
        messages.success(request, _("Two-factor sign-in is off."))
    return HttpResponseRedirect(reverse("accounts:account"))


def locked_out(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' answer to a login from a locked-out username and address: the login page with the
    reason, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login.html",
        {
            "locked_out": _(
                "Too many failed logins: this account is locked from your address for %(minutes)s "
                "minutes. Try again later, or ask the administrator to unlock it."
            )
            % {"minutes": minutes},
            "form": None,
        },
        status=429,
    )
