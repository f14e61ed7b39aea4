"""Registry models, split by topic."""

from jiliang.registry.models.authorizations import InstituteAuthorization
from jiliang.registry.models.catalogue import InstrumentType
from jiliang.registry.models.organizations import Organization
from jiliang.registry.models.people import Discipline, Expert, Person, VerifierQualification
from jiliang.registry.models.regions import Region
from jiliang.registry.models.users import User

__all__ = [
    "Discipline",
    "Expert",
    "InstituteAuthorization",
    "InstrumentType",
    "Organization",
    "Person",
    "Region",
    "User",
    "VerifierQualification",
]
