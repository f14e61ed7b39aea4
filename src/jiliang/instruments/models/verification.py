"""Verification records, the dues they satisfy, and owners' reminders."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.core.rights import ALL, FieldRights, Fields
from jiliang.instruments.choices import ReminderKind, VerificationResult

#: The fields of a VerificationRecord a person edits (its form and its API input alike).
VERIFICATION_RECORD_FIELDS = [
    "instrument",
    "institution",
    "verifier",
    "verified_on",
    "standard",
    "result",
    "readings_summary",
]


class VerificationRecord(TimeStampedModel):
    """One verification (检定) of an instrument by an institution and a qualified verifier.

    ``valid_until`` follows the type's regime (periodic: the period; limited life: the service life;
    scrap-when-inaccurate: none) for a pass, and is empty for a fail (the instrument is due at once).
    A record is never edited: a wrong certificate is revoked and reissued; a verification that should
    not count is voided (with the revocation of its certificate), which drops it from the due chain.
    ``standard`` names the measurement standard used: the last link of the instrument's traceability
    chain, and what a reverse trace follows from a suspect standard to the certificates issued with it.
    """

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=VERIFICATION_RECORD_FIELDS,
        institute=Fields(update=ALL),
    )

    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("instrument"),
        related_name="verifications",
        on_delete=models.PROTECT,
    )
    institution = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("institution"),
        related_name="verifications_done",
        on_delete=models.PROTECT,
    )
    verifier = models.ForeignKey(
        "registry.Person", verbose_name=_("verifier"), related_name="verifications", on_delete=models.PROTECT
    )
    #: How many days after today each date may lie (core.plausibility): 0 for what has happened.
    DATE_HORIZONS = {"verified_on": 0}
    verified_on = models.DateField(_("verified on"))
    standard = models.ForeignKey(
        "standards.MeasurementStandard",
        verbose_name=_("measurement standard used"),
        null=True,
        blank=True,
        related_name="verifications",
        on_delete=models.PROTECT,
    )
    result = models.CharField(_("result"), max_length=8, choices=VerificationResult.choices)
    readings_summary = models.TextField(_("readings summary"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=255, blank=True)

    class Meta:
        ordering = ["-verified_on", "-id"]
        verbose_name = _("verification record")
        verbose_name_plural = _("verification records")
        indexes = [
            models.Index(fields=["instrument", "verified_on"], name="verif_instrument_date_idx"),
            models.Index(fields=["institution", "verified_on"], name="verif_institution_date_idx"),
            models.Index(fields=["standard", "verified_on"], name="verif_standard_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("verified_on")),
                name="verification_valid_after_date",
            ),
            models.CheckConstraint(
                condition=Q(result=VerificationResult.PASS) | Q(valid_until__isnull=True),
                name="verification_fail_has_no_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.verified_on:%Y-%m-%d} {self.get_result_display()}"


#: Dues due earlier than the due before them (an early verification that failed, or had a short validity),
#: or after one never due: the only ones whose first-ness in a figure's window needs a look further back
#: in the chain (instruments.figures). Rare: a partial index keeps them.
DUE_EARLIER_THAN_PREVIOUS = Q(due_on__lt=F("prev_due_on")) | Q(prev_due_on__isnull=True, initial=False)
#: What the figures read of a due besides its key: carried in the covering indexes (index-only scans).
WINDOW_COLUMNS = [
    "due_on",
    "closed_on",
    "cancelled_on",
    "first_only",
    "initial",
    "in_use_from",
    "opened_on",
    "instrument",
    "instrument_type",
    "owner",
    "prev_due_on",
    "prev_closed_on",
]


class VerificationDue(models.Model):
    """One verification an instrument owes: due on ``due_on``, open from ``opened_on`` until a verification
    closes it (``closed_on``) or the instrument is retired (``cancelled_on``).

    Every instrument has a chain of dues: the first is opened when it is put into use (verification
    before use), each verification closes the open due and opens the next (due at the end of the
    validity; at once after a fail; never for a passed scrap-when-inaccurate type). The inspection and
    coverage figures are aggregate queries over this table; region, type and owner are copied onto it so
    those queries scan one table. ``initial`` marks the first due of a chain; for first-verification-only
    types only that one is a verification — the later one is a replacement.
    """

    instrument = models.ForeignKey(
        "instruments.Instrument", verbose_name=_("instrument"), related_name="dues", on_delete=models.CASCADE
    )
    region = models.ForeignKey("registry.Region", related_name="+", on_delete=models.PROTECT)
    instrument_type = models.ForeignKey("registry.InstrumentType", related_name="+", on_delete=models.PROTECT)
    owner = models.ForeignKey("registry.Organization", related_name="+", on_delete=models.PROTECT)
    first_only = models.BooleanField(_("first verification only"))
    initial = models.BooleanField(_("initial verification"))
    in_use_from = models.DateField(_("in use from"))
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    closed_on = models.DateField(_("verified on"), null=True, blank=True)
    closed_by = models.OneToOneField(
        VerificationRecord, null=True, blank=True, related_name="satisfied_due", on_delete=models.SET_NULL
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    #: The due's index key (kernels.verification.relevant_until): the last day it can matter to any figure
    #: — the later of its due date and the day it stopped being open (verified or cancelled); while open,
    #: a date after every real one ordered by the due date (``due_on`` + OPEN_SHIFT). Every figure's
    #: conditions imply ``relevant_until >= start``, and the inspection figures' also
    #: ``relevant_until <= window_key_end(end)``: one index range skips the closed history before the
    #: window and the open dues due after it.
    relevant_until = models.DateField(_("relevant until"))
    #: The due date and closing date of the due before this one in the chain (empty for the first): they
    #: tell, row by row, whether this due is the first of its instrument to count in a window, so the
    #: inspection figures count rows instead of COUNT(DISTINCT instrument) (``figures._first_q``).
    prev_due_on = models.DateField(_("previous due on"), null=True, blank=True)
    prev_closed_on = models.DateField(_("previous due verified on"), null=True, blank=True)

    class Meta:
        ordering = ["instrument", "opened_on", "id"]
        verbose_name = _("verification due")
        verbose_name_plural = _("verification dues")
        indexes = [
            models.Index(
                fields=["relevant_until"], include=[*WINDOW_COLUMNS, "region"], name="due_window_idx"
            ),
            # The figures of one region subtree (a county) read only its regions' ranges of the same key.
            models.Index(
                fields=["region", "relevant_until"], include=WINDOW_COLUMNS, name="due_region_window_idx"
            ),
            models.Index(
                fields=["relevant_until"],
                include=[*WINDOW_COLUMNS, "region", "id"],
                name="due_earlier_than_prev_idx",
                condition=DUE_EARLIER_THAN_PREVIOUS,
            ),
            models.Index(fields=["due_on"], name="due_open_due_on_idx", condition=Q(closed_on__isnull=True)),
            models.Index(fields=["instrument", "closed_on"], name="due_instrument_closed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} due {self.due_on}"


class Reminder(models.Model):
    """An in-app reminder for an owner: an instrument due soon or overdue. Rebuilt by a background job."""

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("owner"), related_name="reminders", on_delete=models.CASCADE
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("instrument"),
        related_name="reminders",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["instrument"], name="reminder_one_per_instrument")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.instrument_id} {self.due_on}"
