"""Writes on a user's own credentials. Each is audited on the user; secrets never enter the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiliang.core.audit import audit_record
from jiliang.core.models import ApiToken, AuditAction

#: New tokens start with this, so a leaked one is recognisable (e.g. by secret scanners).
TOKEN_PREFIX = "jl_"
PREFIX_LENGTH = 8
#: last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_digest(token: str) -> str:
    """SHA-256 of a token, hex: what is stored instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _ensure_owner_or_admin(actor: Any, user: Any) -> None:
    """The owner, a superuser, or ``None``: the server's operator at the command line (audited as system)."""
    if actor is None:
        return
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "pk", None) == user.pk):
        raise PermissionDenied(_("Only the account's owner or an administrator may do this."))


@transaction.atomic
def api_token_create(
    *, actor: Any, user: Any, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create an API token for ``user``; returns the record and the token, which is never shown again."""
    _ensure_owner_or_admin(actor, user)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must lie in the future.")})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user=user, name=name, prefix=token[:PREFIX_LENGTH], digest=token_digest(token))
    record.expires_at = expires_at
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        instance=record,
        action=AuditAction.CREATE,
        changes={
            "user": [None, str(user.pk)],
            "name": [None, name],
            "prefix": [None, record.prefix],
            "expires_at": [None, expires_at.isoformat() if expires_at else None],
        },
    )
    return record, token


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token at once; requests with it answer 401 from now on."""
    _ensure_owner_or_admin(actor, token.user)
    if token.revoked_at is not None:
        raise ValidationError(_("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        instance=token,
        action=AuditAction.REVOKE,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )
    return token


def api_token_user(*, token: str) -> Any | None:
    """The active user a presented token authenticates, or None (unknown, revoked, expired, inactive).

    Rows are found by prefix and the digest compared in constant time; ``last_used_at`` is refreshed at
    most once a minute.
    """
    digest = token_digest(token)
    now = timezone.now()
    for record in ApiToken.objects.select_related("user").filter(
        prefix=token[:PREFIX_LENGTH], revoked_at__isnull=True
    ):
        if not hmac.compare_digest(record.digest, digest):
            continue
        if record.expires_at is not None and record.expires_at <= now:
            return None
        if not record.user.is_active:
            return None
        if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        return record.user
    return None


# --- two-factor -------------------------------------------------------------------------------------


@transaction.atomic
def two_factor_device_start(*, actor: Any) -> TOTPDevice:
    """The actor's unconfirmed TOTP device to enrol (made once; its key is shown as a QR code)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def two_factor_confirm(*, actor: Any, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm enrolment with a code from the app; from then on every login asks for a code."""
    if device.user_id != actor.pk:
        raise PermissionDenied(_("This device belongs to another account."))
    if not device.verify_token(code.strip()):
        raise ValidationError({"code": _("The code is wrong or has expired; enter the current one.")})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        instance=actor,
        action=AuditAction.UPDATE,
        changes={"two_factor": [False, True]},
        note="TOTP device enrolled",
    )
    return device


@transaction.atomic
def two_factor_disable(*, actor: Any, user: Any) -> None:
    """Remove the user's TOTP devices (owner after a verified login, or an administrator)."""
    _ensure_owner_or_admin(actor, user)
    removed, _count = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        audit_record(
            actor=actor,
            instance=user,
            action=AuditAction.UPDATE,
            changes={"two_factor": [True, False]},
            note="TOTP devices removed",
        )


def login_lockout_record(*, username: str, ip_address: str) -> None:
    """Audit a lock-out on the account it concerns (django-axes signals it), so staff see it in the
    user's history; unknown usernames are in django-axes' own attempt log only."""
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        audit_record(
            actor=None,
            instance=user,
            action=AuditAction.LOCKOUT,
            changes={},
            note=f"locked out after failed logins from {ip_address}",
        )
