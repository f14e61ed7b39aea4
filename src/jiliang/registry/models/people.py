"""People: verifiers (检定员) with their qualifications, and the expert pool (专家库)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.core.rights import ALL, FieldRights, Fields


class Person(TimeStampedModel):
    """A person known to the platform through their employer: a verifier, an inspector, an expert."""

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=["name", "organization", "title", "phone", "email"],
        # A person is moved to another organization by the bureau or county only.
        institute=Fields(update=["name", "title", "phone", "email"], create=ALL),
        enterprise=Fields(update=["name", "title", "phone", "email"], create=ALL),
    )

    name = models.CharField(_("name"), max_length=64)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        related_name="people",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("title"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


#: The fields of a VerifierQualification a person edits (its form and its API input alike).
VERIFIER_QUALIFICATION_FIELDS = [
    "person",
    "number",
    "instrument_types",
    "issued_by",
    "valid_from",
    "valid_until",
]


class VerifierQualification(TimeStampedModel):
    """A verifier's qualification certificate (检定员证 / 注册计量师) for some instrument types.

    A verification record is accepted only from a verifier holding a qualification for that instrument
    type that is in force on the verification date.
    """

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=VERIFIER_QUALIFICATION_FIELDS,
        # Qualifications are issued by the bureau or county; the institute reads them.
    )

    person = models.ForeignKey(
        Person, verbose_name=_("verifier"), related_name="qualifications", on_delete=models.PROTECT
    )
    number = models.CharField(_("qualification number"), max_length=64, unique=True)
    instrument_types = models.ManyToManyField(
        "registry.InstrumentType", verbose_name=_("instrument types"), related_name="qualifications"
    )
    issued_by = models.CharField(_("issued by"), max_length=128, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        ordering = ["person__name", "number"]
        verbose_name = _("verifier qualification")
        verbose_name_plural = _("verifier qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="qualification_validity_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.number}"


class Discipline(models.Model):
    """One of the ten metrology disciplines (十大计量), reference data loaded by a migration."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")

    def __str__(self) -> str:
        return self.name


class Expert(TimeStampedModel):
    """A member of the city's metrology expert pool (计量专家库), by discipline."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), related_name="expert", on_delete=models.PROTECT
    )
    disciplines = models.ManyToManyField(Discipline, verbose_name=_("disciplines"), related_name="experts")
    specialty = models.CharField(_("specialty"), max_length=128, blank=True)
    admitted_on = models.DateField(_("admitted on"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return str(self.person)
