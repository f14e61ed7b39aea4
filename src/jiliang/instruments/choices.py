"""Choice sets of mandatory verification."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentStatus(models.TextChoices):
    IN_USE = "in_use", _("in use")
    OUT_OF_USE = "out_of_use", _("out of use")
    SCRAPPED = "scrapped", _("scrapped")


class VerificationResult(models.TextChoices):
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")


class CertificateKind(models.TextChoices):
    CERTIFICATE = "certificate", _("verification certificate")
    NOTICE = "notice", _("notice of non-conformity")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valid")
    REVOKED = "revoked", _("revoked")


class CertificatePublicState(models.TextChoices):
    """What the public check says of a certificate as of a day (instruments.selectors)."""

    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    SUPERSEDED = "superseded", _("superseded")
    NONCONFORMING = "nonconforming", _("failed verification")


class TypeSet(models.TextChoices):
    """The instrument sets the plan's targets are about (the CLI's --types)."""

    ALL = "all", _("all instruments under mandatory verification")
    HOUSEHOLD_FOUR = "household-four", _("the four household meters")
    KEY_MANAGED = "key-managed", _("key-managed instruments")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
