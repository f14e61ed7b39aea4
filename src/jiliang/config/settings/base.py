"""Settings shared by every deployment. Values that vary come from jiliang.config.env."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import plotly
from django.utils.translation import gettext_lazy as _

from jiliang.config.env import ENV

SRC_DIR = Path(__file__).resolve().parents[2]

SECRET_KEY = ENV.secret_key
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "jiliang.core",
    "jiliang.registry",
    "jiliang.standards",
    "jiliang.instruments",
    "jiliang.prepack",
    "jiliang.comparisons",
    "jiliang.metering",
    "jiliang.plans",
    "jiliang.portal",
    "jiliang.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jiliang.config.urls"
WSGI_APPLICATION = "jiliang.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

#: The embedded database's options. WAL lets the ingest writer and the web readers work at once.
#: IMMEDIATE transactions (Django 5.1+) take the write lock when they begin, so a second writer waits (up
#: to ``timeout`` seconds) instead of failing with "database is locked" when the read lock it took first
#: cannot be upgraded (a deferred transaction that read before another writer committed).
SQLITE_OPTIONS = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}

DATABASES = {"default": dj_database_url.parse(ENV.database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    ENV.data_dir.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "registry.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ENV.data_dir / "static"
# plotly ships plotly.js inside its wheel: serve that copy, never a CDN.
STATICFILES_DIRS = [("vendor/plotly", Path(plotly.__file__).parent / "package_data")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = ENV.data_dir / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jiliang.core.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jiliang API",
    "DESCRIPTION": "计量 — the legal-metrology platform's REST API.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: the docs work with no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "jiliang.registry.choices.OrganizationKind",
        "CertificateKindEnum": "jiliang.instruments.choices.CertificateKind",
        "StandardLevelEnum": "jiliang.standards.choices.StandardLevel",
        "StandardStatusEnum": "jiliang.standards.choices.StandardStatus",
        "ApprovalStatusEnum": "jiliang.standards.choices.ApprovalStatus",
        "ExternalKindEnum": "jiliang.standards.choices.ExternalKind",
        "LinkKindEnum": "jiliang.standards.choices.LinkKind",
        "CheckKindEnum": "jiliang.standards.choices.CheckKind",
        "RegionLevelEnum": "jiliang.registry.choices.RegionLevel",
        "EvidenceLevelEnum": "jiliang.plans.choices.EvidenceLevel",
        "MeterLevelEnum": "jiliang.metering.choices.MeterLevel",
        "ReadingKindEnum": "jiliang.metering.choices.ReadingKind",
        "FlagKindEnum": "jiliang.metering.choices.FlagKind",
        "BasisEnum": "jiliang.metering.choices.Basis",
        "RoundStatusEnum": "jiliang.comparisons.choices.RoundStatus",
        "ActionStatusEnum": "jiliang.comparisons.choices.ActionStatus",
        "OutcomeEnum": "jiliang.comparisons.choices.Outcome",
        "ConsumerLevelEnum": "jiliang.metering.choices.ConsumerLevel",
        "ThresholdUnitEnum": "jiliang.metering.choices.ThresholdUnit",
        "AuthorizationStatusEnum": "jiliang.registry.choices.AuthorizationStatus",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

JILIANG_SITE_NAME = _("jiliang legal-metrology platform")
#: Certificate numbers: {kind} (JD certificate, TZ notice), {year}, {institution} (id), {seq} (per
#: institution, year and kind). Set with JILIANG_CERTIFICATE_NUMBER_PATTERN.
JILIANG_CERTIFICATE_NUMBER_PATTERN = ENV.certificate_number_pattern
#: Reminders list instruments due within this many days.
JILIANG_REMINDER_DAYS = 30
#: 计量标准考核证书 validity and how long before its expiry re-examination (复查) is due. UNCONFIRMED
#: defaults (reference/domain.md §6, open item 5); set JILIANG_STANDARD_APPROVAL_YEARS / _REEXAM_LEAD_MONTHS.
JILIANG_STANDARD_APPROVAL_YEARS = ENV.standard_approval_years
JILIANG_STANDARD_REEXAM_LEAD_MONTHS = ENV.standard_reexam_lead_months
#: The largest uncertainty ratio a calibration may have (JJF 1094: 1/3); JILIANG_TRACE_MAX_RATIO.
JILIANG_TRACE_MAX_RATIO = ENV.trace_max_ratio
