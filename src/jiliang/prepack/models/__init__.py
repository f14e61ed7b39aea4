"""Models of the net-content inspections of prepackaged goods, split by topic."""

from jiliang.prepack.models.campaigns import Campaign
from jiliang.prepack.models.declarations import CapabilityDeclaration
from jiliang.prepack.models.lots import Lot

__all__ = ["Campaign", "CapabilityDeclaration", "Lot"]
