"""jiliang (计量): an open platform on which a city runs its legal-metrology system."""

__version__ = "0.1.0"
