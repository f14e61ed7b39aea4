"""Settings modules: base, local (default), test, production."""
