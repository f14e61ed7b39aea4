"""Registry: regions, organizations, people (verifiers, experts), users and the instrument catalogue."""
