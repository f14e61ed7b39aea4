"""factory_boy factories of the registry."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from jiliang.core.scoping import Role
from jiliang.kernels.identifiers import uscc_compose
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.models import (
    Expert,
    InstituteAuthorization,
    InstrumentType,
    Organization,
    Person,
    Region,
    User,
    VerifierQualification,
)

_serial = itertools.count(1)


def region(code: str) -> Region:
    """A current region loaded by the reference-data migration."""
    return Region.objects.get(code=code, valid_to__isnull=True)


def valid_uscc(region_code: str = "410305") -> str:
    """A fresh valid credit code registered in ``region_code``."""
    n = next(_serial)
    return uscc_compose(authority="9", category="1", region=region_code, body8=f"T{n:07d}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    kind = OrganizationKind.ENTERPRISE
    region = factory.LazyFunction(lambda: region("410305"))
    uscc = factory.LazyAttribute(lambda o: valid_uscc(o.region.code))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"检定员{n}")
    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.LEGAL_INSTITUTE)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VerifierQualification
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    number = factory.Sequence(lambda n: f"TEST-Q-{n:05d}")
    valid_from = dt.date(2020, 1, 1)
    valid_until = dt.date(2030, 12, 31)

    @factory.post_generation
    def instrument_types(
        self, create: bool, extracted: list[InstrumentType] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.instrument_types.set(extracted)


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    person = factory.SubFactory(PersonFactory)
    admitted_on = dt.date(2020, 5, 20)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.BUREAU
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


def authorize(
    institute: Organization,
    *codes: str,
    regions: tuple[str, ...] = ("410300",),
    valid_from: dt.date = dt.date(2005, 1, 1),
    valid_until: dt.date = dt.date(2030, 12, 31),
    status: str = "active",
) -> InstituteAuthorization:
    """An authorization (授权) of ``institute`` for ``codes`` (every type when none given) in ``regions``
    (the whole city by default), 2005–2030 unless told."""
    authorization = InstituteAuthorization.objects.create(
        institute=institute,
        number=f"TEST-AUTH-{next(_serial):05d}",
        valid_from=valid_from,
        valid_until=valid_until,
        status=status,
    )
    authorization.regions.set([region(c) for c in regions])
    types = InstrumentType.objects.filter(code__in=codes) if codes else InstrumentType.objects.all()
    authorization.instrument_types.set(types)
    return authorization
