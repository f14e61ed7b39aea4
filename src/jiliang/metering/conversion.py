"""Conversion to tonnes of standard coal with the coefficients in force (GB/T 2589, editable) and a unit's
own measured calorific values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from jiliang.kernels import energy
from jiliang.metering.choices import Basis, EnergyType
from jiliang.metering.models import ConversionCoefficient, EnergyUnit, UnitCalorificValue


@dataclass
class Converter:
    """Coefficients in force (energy, basis) → (unit of measure, kgce), a unit's overrides, its basis."""

    table: dict[tuple[str, str], tuple[str, Decimal]]
    overrides: dict[str, tuple[str, Decimal]] = field(default_factory=dict)
    basis: str = Basis.EQUIVALENT

    @classmethod
    def in_force(cls, basis: str = Basis.EQUIVALENT) -> Converter:
        table = {
            (e, b): (u, k)
            for e, b, u, k in ConversionCoefficient.objects.filter(in_force=True).values_list(
                "energy_type", "basis", "unit_of_measure", "kgce"
            )
        }
        return cls(table=table, basis=basis)

    @classmethod
    def for_unit(cls, unit: EnergyUnit, on: dt.date | None = None) -> Converter:
        """The city table with ``unit``'s electricity basis and its measured calorific values on ``on``."""
        converter = cls.in_force(unit.electricity_basis)
        day = on or timezone.localdate()
        for energy_type, kj, uom in (
            UnitCalorificValue.objects.filter(unit=unit, valid_from__lte=day)
            .order_by("energy_type", "-valid_from")
            .values_list("energy_type", "net_calorific_kj", "unit_of_measure")
        ):
            converter.overrides.setdefault(energy_type, (uom, energy.coefficient_from_calorific(kj)))
        return converter

    def coefficient(self, energy_type: str) -> tuple[str, Decimal] | None:
        if energy_type in self.overrides:
            return self.overrides[energy_type]
        basis = self.basis if energy_type == EnergyType.ELECTRICITY else Basis.EQUIVALENT
        return self.table.get((energy_type, basis)) or self.table.get((energy_type, Basis.EQUIVALENT))

    def tce(self, energy_type: str, quantity: Decimal, unit_of_measure: str) -> Decimal:
        """tce of ``quantity``; 0 for an energy type with no coefficient (e.g. a medium not counted)."""
        found = self.coefficient(energy_type)
        if found is None:
            return Decimal(0)
        coefficient_unit, kgce = found
        return energy.to_tce(quantity, unit_of_measure, kgce, coefficient_unit)
