"""Settings shared by every deployment. Values that vary come from jiliang.config.env."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
import plotly
from csp.constants import NONE, SELF, UNSAFE_INLINE
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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "jiliang.core",
    "jiliang.registry",
    "jiliang.deadlines",
    "jiliang.standards",
    "jiliang.instruments",
    "jiliang.prepack",
    "jiliang.comparisons",
    "jiliang.metering",
    "jiliang.supervision",
    "jiliang.plans",
    "jiliang.portal",
    "jiliang.ops",
]

MIDDLEWARE = [
    # First: every later log line of the request carries its id, and the response header gets it.
    "jiliang.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "jiliang.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last (django-axes): turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jiliang.core.accounts.validators.ContextWordsValidator"},
]
# django-axes first: it refuses a locked-out user+address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
        "jiliang.core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "jiliang.core.api.throttling.AnonThrottle",
        "jiliang.core.api.throttling.UserThrottle",
    ],
    # Behind N reverse proxies the client address is the N-th from the right of X-Forwarded-For.
    # 0, never None: with None DRF takes a client-sent X-Forwarded-For as the address (forgeable).
    "NUM_PROXIES": ENV.proxy_count,
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
        "BrokerAlertKindEnum": "jiliang.metering.choices.BrokerAlertKind",
        "DayKindEnum": "jiliang.deadlines.choices.DayKind",
        "RuleKindEnum": "jiliang.deadlines.choices.RuleKind",
        "ReminderKindEnum": "jiliang.deadlines.choices.ReminderKind",
        "QuantityUnitEnum": "jiliang.prepack.choices.QuantityUnit",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

#: The platform's scheduled jobs, in one place (docs/operations.md): name → the task `jiliang worker`
#: enqueues, when (a crontab line in TIME_ZONE) and what for. Each fire is recorded once, whatever the
#: number of workers; a worker that was down fires the latest missed time once when it comes back.
JILIANG_SCHEDULE = {
    "instrument-reminders": {
        "task": "jiliang.instruments.tasks.refresh_reminders",
        "cron": "10 0 * * *",
        "description": _("Due and overdue reminders of every instrument owner"),
    },
    "reminder-mail": {
        "task": "jiliang.instruments.tasks.mail_reminders",
        "cron": "0 8 * * 1",
        "description": _("Weekly e-mail to owners with instruments overdue or due soon"),
    },
    "clock-reminders": {
        "task": "jiliang.deadlines.tasks.raise_clock_reminders",
        "cron": "20 0 * * *",
        "description": _("Reminders of statutory clocks due soon or overdue"),
    },
}

# --- security (docs/security.md) -------------------------------------------------------------------

#: Throttles and failed-token counts live in the cache: "local" is per process (each gunicorn worker
#: counts alone), "database" is shared by every worker (run `jiliang createcachetable` once).
if ENV.cache == "database":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jiliang_cache"}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

#: API request rates (DRF throttles, read at request time by jiliang.core.api.throttling).
JILIANG_THROTTLE_RATES = {"anon": ENV.throttle_anon, "user": ENV.throttle_user}
#: Failed API token authentications one client address may make within the window (seconds) before
#: every token request from it answers 429 until the window has passed.
JILIANG_API_AUTH_FAILURE_LIMIT = ENV.api_auth_failure_limit
JILIANG_API_AUTH_FAILURE_WINDOW = ENV.api_auth_failure_window

# django-axes: lock a username out from one address after N failed logins, for the cool-off time.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = ENV.login_failure_limit
AXES_COOLOFF_TIME = dt.timedelta(minutes=ENV.login_cooloff_minutes)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "jiliang.core.accounts.views.locked_out"
AXES_IPWARE_PROXY_COUNT = ENV.proxy_count or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if ENV.proxy_count else ("REMOTE_ADDR",)
)

#: Two-factor (TOTP, django-otp): users who enrolled confirm a code after the password; with this set,
#: staff accounts must enrol before they can do anything else.
JILIANG_REQUIRE_STAFF_2FA = ENV.require_staff_2fa
OTP_TOTP_ISSUER = "jiliang"

# Content-Security-Policy (django-csp 4): scripts only from our own static files (no inline script,
# no eval); inline style attributes are allowed (templates and plotly set them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jiliang.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "jiliang.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if ENV.log_format == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": ENV.log_level},
    # Django's own loggers (django.request logs every 500 with its traceback) go to the root handler.
    "loggers": {
        "django": {"handlers": [], "level": ENV.log_level, "propagate": True},
        # django-axes: failed logins and lock-outs are WARNING; its start-up chatter is not needed.
        "axes": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}

JILIANG_SITE_NAME = _("jiliang legal-metrology platform")
#: Certificate numbers: {kind} (JD certificate, TZ notice), {year}, {institution} (id), {seq} (per
#: institution, year and kind). Set with JILIANG_CERTIFICATE_NUMBER_PATTERN.
JILIANG_CERTIFICATE_NUMBER_PATTERN = ENV.certificate_number_pattern
#: Reminders list instruments due within this many days.
JILIANG_REMINDER_DAYS = 30

# --- e-mail (reminder digests; docs/operations.md) ----------------------------------------------------
#: With JILIANG_EMAIL_HOST set, mail goes out by SMTP; without, each message is written as a file under
#: data/mail/ (the demo), so nothing is sent by accident and every message can be read.
if ENV.email_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = ENV.email_host
    EMAIL_PORT = ENV.email_port
    EMAIL_HOST_USER = ENV.email_user
    EMAIL_HOST_PASSWORD = ENV.email_password
    EMAIL_USE_TLS = ENV.email_use_tls
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = ENV.data_dir / "mail"
DEFAULT_FROM_EMAIL = ENV.email_from
#: Links in e-mails point here (the address users reach the platform at).
JILIANG_SITE_URL = ENV.site_url
#: 计量标准考核证书 validity and how long before its expiry re-examination (复查) is due. UNCONFIRMED
#: defaults (reference/domain.md §6, open item 5); set JILIANG_STANDARD_APPROVAL_YEARS / _REEXAM_LEAD_MONTHS.
JILIANG_STANDARD_APPROVAL_YEARS = ENV.standard_approval_years
JILIANG_STANDARD_REEXAM_LEAD_MONTHS = ENV.standard_reexam_lead_months
#: The largest uncertainty ratio a calibration may have (JJF 1094: 1/3); JILIANG_TRACE_MAX_RATIO.
JILIANG_TRACE_MAX_RATIO = ENV.trace_max_ratio
#: The public certificate check answers at most this many questions per client IP address per window
#: (seconds); more get 429. 0 turns the limit off. JILIANG_PUBLIC_CHECK_LIMIT / _WINDOW.
JILIANG_PUBLIC_CHECK_LIMIT = ENV.public_check_limit
JILIANG_PUBLIC_CHECK_WINDOW = ENV.public_check_window
#: Reverse proxies in front of the server (JILIANG_PROXY_COUNT): the client's address is the entry of
#: X-Forwarded-For they appended. One rule for the API throttles, the login lock-out and the public pages.
JILIANG_PROXY_COUNT = ENV.proxy_count
#: Whether a make-up working day (调休上班日) counts as a working day for a statutory period: the
#: reference's policy (INFERRED, reference/supervision.md §0.3), JILIANG_MAKEUP_DAYS_WORK=0 turns it off.
JILIANG_MAKEUP_DAYS_WORK = ENV.makeup_days_work
#: A running clock is "due soon" when it falls due within this many working days (JILIANG_CLOCK_DUE_SOON).
JILIANG_CLOCK_DUE_SOON_WORKING_DAYS = ENV.clock_due_soon_working_days
