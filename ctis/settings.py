"""Settings, read from the environment.

``CTIS_PRODUCTION=1`` turns on production checks: the process refuses to start with
DEBUG on, without a real secret key, without allowed hosts, or with the demonstration
relaxations. Everything else has a safe local default so that ``make run`` works on a
fresh machine.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("CTIS_DATA_DIR", BASE_DIR / "data"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_flag("CTIS_PRODUCTION")
DEBUG = env_flag("CTIS_DEBUG")
# The demonstration set-up may relax two-factor authentication; production never does.
DEMO = env_flag("CTIS_DEMO")

_DEV_SECRET = "ctis-development-key-not-for-production"
SECRET_KEY = os.environ.get("CTIS_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
ALLOWED_HOSTS = env_list(
    "CTIS_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("CTIS_CSRF_TRUSTED_ORIGINS")

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("CTIS_DEBUG must be off in production.")
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "CTIS_SECRET_KEY must be set to a random value of 50+ characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("CTIS_ALLOWED_HOSTS must name the hosts that serve ctis.")
    if DEMO:
        raise ImproperlyConfigured("CTIS_DEMO cannot be used in production.")

# Keys that encrypt identity fields and key their blind indexes (ctis.core.crypto, ADR 0005):
# from the environment or a key file readable by its owner only, never from the database or
# the repository. Development and the demonstration generate DATA_DIR/keys on first use.
CTIS_DATA_KEYS = os.environ.get("CTIS_DATA_KEYS", "")
CTIS_DATA_KEY_FILE = os.environ.get("CTIS_DATA_KEY_FILE", "")
CTIS_BLIND_INDEX_KEY = os.environ.get("CTIS_BLIND_INDEX_KEY", "")
# The audit chain's HMAC key (ADR 0010), in the same way: CTIS_AUDIT_KEY or an 'audit:' line.
CTIS_AUDIT_KEY = os.environ.get("CTIS_AUDIT_KEY", "")
CTIS_DATA_KEY_FILE_GENERATE = False
if CTIS_DATA_KEYS and CTIS_DATA_KEY_FILE:
    raise ImproperlyConfigured("Set CTIS_DATA_KEYS or CTIS_DATA_KEY_FILE, not both.")
if not CTIS_DATA_KEYS and not CTIS_DATA_KEY_FILE:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "CTIS_DATA_KEYS or CTIS_DATA_KEY_FILE must provide the keys that encrypt identity "
            "fields (see docs/adr/0005-field-encryption-and-blind-indexes.md)."
        )
    CTIS_DATA_KEY_FILE = str(DATA_DIR / "keys")
    CTIS_DATA_KEY_FILE_GENERATE = True
if PRODUCTION and CTIS_DATA_KEYS and not CTIS_BLIND_INDEX_KEY:
    raise ImproperlyConfigured(
        "CTIS_BLIND_INDEX_KEY must be set when the data keys come from CTIS_DATA_KEYS."
    )
if PRODUCTION and CTIS_DATA_KEYS and not CTIS_AUDIT_KEY:
    raise ImproperlyConfigured(
        "CTIS_AUDIT_KEY must be set when the data keys come from CTIS_DATA_KEYS."
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, whose runserver it extends (ctis/core/management/commands/runserver.py).
    "ctis.core",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "ctis.accounts",
    "ctis.audit",
    "ctis.inbox",  # alerts to users; plan, cases and nrm send them
    "ctis.plan",
    "ctis.cases",
    "ctis.nrm",
    "ctis.hotline",  # the hotline's contacts; builds on cases and nrm
    "ctis.outreach",  # awareness events and trainings; builds on the plan
    "ctis.monitoring",  # internet and media monitoring; builds on the hotline
    "ctis.stats",  # national statistics and reports; reads every app below it
    "ctis.interop",  # the API for agencies' systems; writes through every app's services
    "ctis.bootstrap",  # set-up and demonstration data: last, above every app
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API reference page's assets, served from /static/
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ctis.audit.middleware.AuditContextMiddleware",
    "ctis.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ctis.core.middleware.ConfidentialHeadersMiddleware",
    "ctis.core.middleware.PollRefusedMiddleware",
]

# Widgets render through TEMPLATES, so ctis/templates/django/forms/ can override a widget.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "ctis.urls"
WSGI_APPLICATION = "ctis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ctis.core.context_processors.layout",
                "ctis.plan.context_processors.navigation",
            ],
            "builtins": ["ctis.core.templatetags.formtoken"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ctis.sqlite3'}"),
        # A worker of gunicorn keeps its connection for a minute between requests (its
        # threads live as long as it does, so the connections are one a thread at most).
        # `ctis runserver` answers each request in a new thread and sets the age to 0, so
        # each request closes its connection (ctis/core/management/commands/runserver.py).
        conn_max_age=int(os.environ.get("CTIS_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Wait for a writer instead of failing at once, and let readers run beside it. A
    # transaction takes the write lock when it begins (IMMEDIATE): a deferred one that read
    # the audit head or a code sequence and then writes fails at once with "database is
    # locked" when another wrote in between, which the timeout cannot wait out.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages are answered from indexes (bench/RESULTS.md). Parallel workers would start two
    # more processes for a page's query and, with many users at once, only take CPU from
    # the others. A report that scans whole tables may raise it for its own transaction.
    workers = int(os.environ.get("CTIS_PG_PARALLEL_WORKERS", "0"))
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (
        f"{options.get('options', '')} -c max_parallel_workers_per_gather={workers}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (documents, imports, exports, reminders): Django's Tasks framework with
# its database backend, so that the queue lives in the same database, SQLite or
# PostgreSQL, with no broker. `ctis worker` runs it (`make run` starts one); see
# docs/adr/0014-background-work-in-the-database-queue.md.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["ctis.accounts.backends.RoleBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"

# Sessions end after this much inactivity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = int(os.environ.get("CTIS_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Behind a reverse proxy that appends the client's address to X-Forwarded-For, the
# address audited and limited is the one it appended (ctis.audit.middleware).
CTIS_TRUST_X_FORWARDED_FOR = env_flag("CTIS_TRUST_X_FORWARDED_FOR", False)
CTIS_LOCKOUT_THRESHOLD = int(os.environ.get("CTIS_LOCKOUT_THRESHOLD", "5"))
CTIS_LOCKOUT_MINUTES = int(os.environ.get("CTIS_LOCKOUT_MINUTES", "15"))
# Roles that must use two-factor authentication: those that will see identities.
# The special police unit (agency code) that owns the unified database, receives the
# notifications of presumed victims and decides victim status (ctis.nrm).
CTIS_POLICE_UNIT = os.environ.get("CTIS_POLICE_UNIT", "mia-ctd")
CTIS_2FA_REQUIRED_ROLES = env_list(
    "CTIS_2FA_REQUIRED_ROLES",
    "system_administrator,police_investigator,police_supervisor,service_provider,"
    "hotline_operator,hotline_supervisor,monitoring_officer,frontline_officer,auditor",
)
CTIS_TOTP_ISSUER = os.environ.get("CTIS_TOTP_ISSUER", "ctis")
CTIS_ATTACHMENT_MAX_BYTES = int(os.environ.get("CTIS_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
# The largest file an import takes (ctis.core.tables): 100,000 persons are about 20 MB.
CTIS_IMPORT_MAX_MB = int(os.environ.get("CTIS_IMPORT_MAX_MB", "50"))
# Published statistics (ctis.stats.disclosure): a count of persons below the threshold is
# shown as "<5", and a reader must not be able to narrow a hidden small count to an
# interval narrower than the width (2: at least three values stay possible, 1 to 3, say).
CTIS_STATS_THRESHOLD = int(os.environ.get("CTIS_STATS_THRESHOLD", "5"))
CTIS_STATS_PROTECTION_WIDTH = float(os.environ.get("CTIS_STATS_PROTECTION_WIDTH", "2"))

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("CTIS_SSL_REDIRECT", True)
    # HSTS on by default (a year); CTIS_HSTS_SECONDS=0 turns it off behind a proxy that sets it.
    SECURE_HSTS_SECONDS = int(os.environ.get("CTIS_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "az"
LANGUAGES = [("az", "Azərbaycanca"), ("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "ctis_language"
USE_I18N = True
TIME_ZONE = "Asia/Baku"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("CTIS_MEDIA_ROOT", DATA_DIR / "media"))
FILE_UPLOAD_PERMISSIONS = 0o600


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusals": {"()": "ctis.core.logfilters.RefusalsWithoutTraceback"},
        "task_tracebacks": {"()": "ctis.core.logfilters.TaskTracebacksStayInTheQueue"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["refusals", "task_tracebacks"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("CTIS_LOG_LEVEL", "WARNING")},
}

CTIS_TITLE = _("Counter-Trafficking Information System")

# E-mail (the alerts of ctis.inbox): printed to the console in development and the
# demonstration, sent through SMTP in production or once CTIS_EMAIL_HOST names a server.
# CTIS_SITE_URL is the address that links in e-mails point to.
CTIS_SITE_URL = os.environ.get("CTIS_SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = os.environ.get(
    "CTIS_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION or os.environ.get("CTIS_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("CTIS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CTIS_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CTIS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CTIS_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = env_flag("CTIS_EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_flag("CTIS_EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_TIMEOUT = int(os.environ.get("CTIS_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("CTIS_EMAIL_FROM", "ctis@localhost")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set CTIS_EMAIL_USE_TLS or CTIS_EMAIL_USE_SSL, not both.")

# Failed log-ins from one client address (every account together): past the limit within
# the window, the address is refused, with the same answer as a wrong password, until the
# window that began with its first failure ends (ctis.core.throttle).
CTIS_LOGIN_ADDRESS_LIMIT = int(os.environ.get("CTIS_LOGIN_ADDRESS_LIMIT", "20"))
CTIS_LOGIN_ADDRESS_MINUTES = int(os.environ.get("CTIS_LOGIN_ADDRESS_MINUTES", "15"))
# Searches for persons and duplicate checks one user may run within the window; past it
# they are refused with a message, and the first refusal of a window is audited.
CTIS_PROBE_LIMIT = int(os.environ.get("CTIS_PROBE_LIMIT", "30"))
CTIS_PROBE_MINUTES = int(os.environ.get("CTIS_PROBE_MINUTES", "10"))
# Look-ups of a caller's history from the hotline's call form, per operator in that window.
CTIS_CALLER_LOOKUP_LIMIT = int(os.environ.get("CTIS_CALLER_LOOKUP_LIMIT", "60"))
# The first year whose statistics ctis's own records give (the historical series gives the
# years before it; ctis.stats.series_chart). Unset: the earliest year of a victim's
# identification or a criminal case's registration in the database.
CTIS_STATS_RECORDS_FROM = (
    int(os.environ["CTIS_STATS_RECORDS_FROM"])
    if os.environ.get("CTIS_STATS_RECORDS_FROM")
    else None
)


# The API for agencies' systems (ctis.interop, ADR 0020): tokens, not sessions; JSON only;
# errors in one shape; the description by drf-spectacular, its page's assets vendored.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["ctis.interop.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ctis.interop.api.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ctis API",
    "DESCRIPTION": (
        "The counter-trafficking information system's API for agencies' systems. A client is "
        "registered by a ctis administrator for an agency, with the roles it acts in, and "
        "calls with `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A choice set's component is named after its choices class, so that two sets with the
    # same field name ("language", "category") do not collide.
    "ENUM_NAME_OVERRIDES": {
        "HotlineCallerType": "ctis.hotline.models.CallerType",
        "HotlineChannel": "ctis.hotline.models.Channel",
        "HotlineEmergency": "ctis.hotline.models.Emergency",
        "HotlineLanguage": "ctis.hotline.models.Language",
        "HotlineNature": "ctis.hotline.models.Nature",
        "HotlineOutcome": "ctis.hotline.models.Outcome",
        "HotlineRecipient": "ctis.hotline.models.Recipient",
        "HotlineRegion": "ctis.hotline.models.Region",
        "MonitoringCategory": "ctis.monitoring.models.Category",
        "MonitoringLanguage": "ctis.monitoring.models.Language",
        "MonitoringPlatform": "ctis.monitoring.models.Platform",
        "MonitoringTriageState": "ctis.monitoring.models.TriageState",
        "OutreachEventKind": "ctis.outreach.models.EventKind",
        "OutreachEventMode": "ctis.outreach.models.EventMode",
        "OutreachFeedbackState": "ctis.outreach.models.FeedbackState",
        "OutreachMaterialLanguage": "ctis.outreach.models.MaterialLanguage",
        "ImplementationStatus": "ctis.plan.models.ImplementationStatus",
        "CaseStatus": "ctis.cases.choices.CaseStatus",
        "EventKind": "ctis.cases.choices.EventKind",
        "Extradition": "ctis.cases.choices.Extradition",
        "ParticipantRole": "ctis.cases.choices.ParticipantRole",
        "PerpetratorRole": "ctis.cases.choices.PerpetratorRole",
        "SentenceKind": "ctis.cases.choices.SentenceKind",
        "VerdictOutcome": "ctis.cases.choices.VerdictOutcome",
        "WantedStatus": "ctis.cases.choices.WantedStatus",
        "ReferralState": "ctis.nrm.models.ReferralState",
        "ReferralStep": "ctis.interop.referrals.STEPS",
        "ServiceKind": "ctis.nrm.models.ServiceKind",
        "PersonPart": "ctis.cases.choices.PersonPart",
        "OverrideReason": "ctis.nrm.models.OverrideReason",
        "ScreeningResult": "ctis.nrm.models.ScreeningResult",
        "Population": "ctis.nrm.models.Population",
    },
}
# Calls a client may make in a minute, counted across server processes.
CTIS_API_CALLS_PER_MINUTE = int(os.environ.get("CTIS_API_CALLS_PER_MINUTE", "600"))
