"""Test settings: fast hashing, immediate tasks; the database comes from DATABASE_URL as elsewhere."""

from jiliang.config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True

# The suite logs in thousands of times (client.login has no request for django-axes to see): lock-out is
# off, and throttles allow far more than any test sends. tests/core/test_security.py turns each back on.
AXES_ENABLED = False
JILIANG_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}
JILIANG_API_AUTH_FAILURE_LIMIT = 100000
