"""Production: PostgreSQL via DATABASE_URL, DEBUG off, hashed static files, TLS everywhere.

Refuses to start (ImproperlyConfigured) with the public demo secret key, a weak key, or without the
host names it serves. Deploying behind a TLS-terminating proxy: docs/security.md.
"""

from django.core.exceptions import ImproperlyConfigured

from jiliang.config.env import DEMO_SECRET_KEY, ENV
from jiliang.config.settings.base import *  # noqa: F403
from jiliang.config.settings.base import STORAGES


def _checked_secret_key(key: str) -> str:
    """The secret key, if it is one an attacker cannot know or guess (Django's own strength rule)."""
    if not key or key == DEMO_SECRET_KEY:
        raise ImproperlyConfigured(
            "JILIANG_SECRET_KEY is not set (or is the public demo key). Set it to a long random value, "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "JILIANG_SECRET_KEY is too weak: it needs at least 50 characters of which at least 5 differ."
        )
    return key


def _checked_allowed_hosts(hosts: list[str]) -> list[str]:
    """The host names served; never empty, never the wildcard that accepts any Host header."""
    if not hosts or any(h in {"*", ".*"} for h in hosts):
        raise ImproperlyConfigured(
            "JILIANG_ALLOWED_HOSTS must list the host names this server answers to "
            "(comma-separated, e.g. jiliang.example.gov.cn); empty or '*' is refused."
        )
    return hosts


def _proxy_ssl_header(header: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` → ("HTTP_X_FORWARDED_PROTO", "https"): the header the TLS proxy sets."""
    if not header:
        return None
    return ("HTTP_" + header.strip().upper().replace("-", "_"), "https")


SECRET_KEY = _checked_secret_key(ENV.secret_key)
ALLOWED_HOSTS = _checked_allowed_hosts(ENV.allowed_hosts)
DEBUG = False
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = ENV.secure_ssl_redirect
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(ENV.proxy_ssl_header)
SECURE_HSTS_SECONDS = ENV.secure_hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = ENV.secure_hsts_include_subdomains
SECURE_HSTS_PRELOAD = ENV.secure_hsts_preload
