"""Production: PostgreSQL via DATABASE_URL, DEBUG off, hashed static files."""

from jiliang.config.settings.base import *  # noqa: F403
from jiliang.config.settings.base import STORAGES

DEBUG = False
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
