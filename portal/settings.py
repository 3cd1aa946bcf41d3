"""Settings for the GuardDuty External Sources portal.

Everything comes from the environment (django-environ). Without DEBUG=true the settings are
the production profile, which refuses to start without real secrets. DEBUG=true (`make run`
sets it) and test runs get the development profile: defaults that make a fresh clone work
with nothing but Python (SQLite, an embedded file-system broker, and secrets generated into
the git-ignored `.local/` folder).
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = Path(environ.Env().str("PORTAL_LOCAL_DIR", default=str(BASE_DIR / ".local")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# pytest marks its runs (and the worker processes tests start) with PYTEST_VERSION; they need the
# development secrets while pytest-django runs the code with DEBUG off, as production does.
DEVELOPMENT = DEBUG or "PYTEST_VERSION" in os.environ


def _local_secret(name: str, make) -> str:
    """A development-only secret kept in `.local/<name>` so restarts keep sessions and data readable."""
    path = LOCAL_DIR / name
    if not path.exists():
        LOCAL_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _require(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set: without DEBUG=true the portal runs its production profile, which has no "
            "default secrets (for development, set DEBUG=true to use generated ones)."
        )
    return value


if DEVELOPMENT:
    from secrets import token_urlsafe

    from cryptography.fernet import Fernet

    SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret("secret_key", lambda: token_urlsafe(50))
    PORTAL_ENCRYPTION_KEYS = env.str("PORTAL_ENCRYPTION_KEYS", default="") or _local_secret(
        "encryption_keys", lambda: "dev1:" + Fernet.generate_key().decode()
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])
else:
    SECRET_KEY = _require("SECRET_KEY")
    PORTAL_ENCRYPTION_KEYS = _require("PORTAL_ENCRYPTION_KEYS")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "core",
    "tenants",
    "relay",
    "log_sources",
    "deployments",
    "events",
    "collection",
    "notifications",
    "organizations",
    "health",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tenants.audit.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.PortalErrorMiddleware",
    # Last, as django-axes requires: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.tenant_permissions",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{LOCAL_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Workers, beat and the web server share the embedded database: wait for locks
    # instead of failing, and let readers run beside the one writer. Tests use a file too,
    # so that the real worker processes they start can open the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(LOCAL_DIR / "test.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes counts failed logins (pages, API token, admin) per username and client address in
# the database, so every web process sees the same counts; the backend refuses a locked pair
# even with the right password until the cool-off has passed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tenants.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "tenants.audit.client_ip"
AXES_VERBOSE = False
# Behind N reverse proxies, set PORTAL_NUM_PROXIES=N so client addresses (rate limits, lockouts,
# the audit trail) come from X-Forwarded-For; with none, the header is ignored and cannot be spoofed.
PORTAL_NUM_PROXIES = env.int("PORTAL_NUM_PROXIES", default=env.int("API_NUM_PROXIES", default=0))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tenants.password_validation.NotOnlyWhitespaceValidator"},
    {"NAME": "tenants.password_validation.TypeableTextValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEVELOPMENT
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "log_sources:list"
LOGOUT_REDIRECT_URL = "login"

# --- Production hardening; `manage.py check --deploy` passes with no warnings.
if not DEVELOPMENT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy on every response (django-csp): scripts, styles, fonts and requests
# only from the portal itself, no inline script or style, no plugins, no framing, forms post
# only here. NONCE puts a per-response nonce only into the policy of a page that uses one: the
# API docs (Swagger UI's page style and start-up script) and DRF's browsable API (Pygments'
# colours); every other page's script-src and style-src are 'self' alone.
# django-csp leaves Django's own 404 and 500 debug pages alone when DEBUG is on.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Error reports (the debug page with DEBUG on, error mail with it off) hide secrets in locals too.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.reporting.PortalExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "core.reporting.PortalExceptionReporter"

# --- Celery: Redis in production, an embedded file-system broker for the one-command demo.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://"

# The cache holds the API's rate-limit counters, which every web process must share:
# Redis in production, a folder under .local/ for the embedded demo.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal-cache",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(LOCAL_DIR / "cache"),
        }
    }

BROKER_DIR = LOCAL_DIR / "broker"
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        "processed_folder": str(BROKER_DIR / "processed"),
        # Exchange bindings; without this kombu writes them into the working directory.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    # kombu's file-system transport, but a message file appears only once it is whole.
    CELERY_BROKER_TRANSPORT = "portal.broker:Transport"
CELERY_TASK_DEFAULT_QUEUE = "portal"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that loses the broker keeps reconnecting however long it takes (Celery's default
# gives up after 100 tries), and cancels its running acks_late tasks: their messages are
# delivered again, and every task here is safe to run twice (a pull holds a lease and stores
# each event once). Celery 6 makes this the default.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BEAT_SCHEDULE_FILENAME = str(LOCAL_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
RELAY_DISPATCH_SECONDS = env.float("RELAY_DISPATCH_SECONDS", default=5.0)
CELERY_BEAT_SCHEDULE = {
    # Due pulls go onto their endpoints' queues; the pulls themselves run on relay workers.
    "relay-dispatch-due-pulls": {"task": "collection.dispatch_due_pulls", "schedule": RELAY_DISPATCH_SECONDS},
    "relay-heartbeat": {
        "task": "relay.heartbeat_endpoints",
        "schedule": float(env.int("RELAY_HEARTBEAT_SECONDS", default=15)),
    },
    # Pulls queue the search indexer themselves; this catches what pull_logs stored, or a lost message.
    "events-index-search-text": {"task": "events.index_search_text", "schedule": 60.0},
    "events-purge-expired": {"task": "events.purge_expired", "schedule": 3600.0},
    # Lets go of the words no event holds any more (purged events'); reads every search text.
    "events-rebuild-search-words": {
        "task": "events.rebuild_search_words",
        "schedule": float(env.int("SEARCH_WORDS_REBUILD_SECONDS", default=7 * 86400)),
    },
    # Each change of a source's health is announced once (notification channels).
    "health-evaluate": {
        "task": "health.evaluate",
        "schedule": float(env.int("HEALTH_EVALUATE_SECONDS", default=60)),
    },
    "audit-events-purge": {"task": "tenants.purge_audit_events", "schedule": 86400.0},
    "deployments-resume-stalled": {"task": "deployments.resume_stalled", "schedule": 60.0},
    "notifications-purge-deliveries": {"task": "notifications.purge_deliveries", "schedule": 86400.0},
    "health-purge-changes": {"task": "health.purge_changes", "schedule": 86400.0},
    # A notification whose message was lost (broker down, worker crash) is sent all the same.
    "notifications-requeue-stale": {
        "task": "notifications.requeue_stale",
        "schedule": float(env.int("NOTIFICATIONS_REQUEUE_SECONDS", default=300)),
    },
    # New accounts of an Organization are added (and collected) without anyone touching the portal.
    "organizations-sync": {
        "task": "organizations.sync_all",
        "schedule": float(env.int("ORGANIZATION_SYNC_SECONDS", default=3600)),
    },
    # Whether GuardDuty still watches every region of every source (a suspended detector is silent).
    "deployments-refresh-coverage": {
        "task": "deployments.refresh_coverage",
        "schedule": float(env.int("GUARDDUTY_COVERAGE_SECONDS", default=86400)),
    },
    # Sending a sample queues its follower; this catches a lost message and times out the stragglers.
    "health-follow-sample-findings": {
        "task": "health.follow_sample_findings",
        "schedule": 60.0,
        "kwargs": {"again": False},
    },
}

# --- Product settings.
PORTAL_TEMPLATE_BUCKET_URL = env.str("PORTAL_TEMPLATE_BUCKET_URL", default="")
# The portal's own AWS identity (an IAM role or user ARN): the principal customers' reader roles
# trust. Its credentials come from the standard AWS chain (environment, container role,
# instance profile). Without it, role-based sources are refused; access keys still work.
PORTAL_AWS_PRINCIPAL_ARN = env.str("PORTAL_AWS_PRINCIPAL_ARN", default="")
# How long CloudWatch Logs keeps findings in each account an Organization's StackSet deploys to.
ORGANIZATION_LOG_RETENTION_DAYS = env.int("ORGANIZATION_LOG_RETENTION_DAYS", default=3)
RELAY_PULL_INTERVAL_SECONDS = env.int("RELAY_PULL_INTERVAL_SECONDS", default=60)
# A source with no event for this long is Warning, then Critical (AMP's 24 h and 48 h); each
# source may set its own.
HEALTH_WARNING_HOURS = env.int("HEALTH_WARNING_HOURS", default=24)
HEALTH_CRITICAL_HOURS = env.int("HEALTH_CRITICAL_HOURS", default=48)
RELAY_REREAD_WINDOW_SECONDS = env.int("RELAY_REREAD_WINDOW_SECONDS", default=600)
RELAY_RATE_LIMIT_PER_SECOND = env.float("RELAY_RATE_LIMIT_PER_SECOND", default=4.0)
# A running pull renews its lease every third of this; a dead worker's unit is free again after it.
RELAY_LEASE_SECONDS = env.int("RELAY_LEASE_SECONDS", default=30)
# FilterLogEvents calls: an AWS that does not answer is given up on after these (Region unreachable).
RELAY_AWS_CONNECT_TIMEOUT_SECONDS = 5
RELAY_AWS_READ_TIMEOUT_SECONDS = 30
# Events per FilterLogEvents page (AWS allows up to 10,000; 0 lets AWS choose).
RELAY_PAGE_LIMIT = env.int("RELAY_PAGE_LIMIT", default=0)
RELAY_HEARTBEAT_SECONDS = env.int("RELAY_HEARTBEAT_SECONDS", default=15)
PORTAL_DEFAULT_RETENTION_DAYS = env.int("PORTAL_DEFAULT_RETENTION_DAYS", default=90)
# API tokens expire after this many days unless created with a shorter life.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=396)  # 13 months
# How long notification deliveries (with their attempts) and the record of health changes are kept.
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=90)
HEALTH_CHANGE_RETENTION_DAYS = env.int("HEALTH_CHANGE_RETENTION_DAYS", default=90)

# --- Notifications (collection-health alerts by email and signed webhook).
# EMAIL_URL as django-environ reads it: smtp+tls://user:password@smtp.example.com:587 in
# production; development prints mail on the console rather than sending it anywhere.
vars().update(env.email_url("EMAIL_URL", default="consolemail://" if DEVELOPMENT else "smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GuardDuty Portal <notifications@localhost>")
# Only for the tests and the local demo: lets webhooks use http:// and private/loopback addresses.
NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = env.bool("NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS", default=False)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
# Retry n waits BASE * 2**(n-1) seconds, at most an hour.
NOTIFICATIONS_RETRY_BASE_SECONDS = env.float("NOTIFICATIONS_RETRY_BASE_SECONDS", default=30.0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tenants.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON in, JSON out: a body in any other form is a 415 (the browsable API posts its raw JSON form).
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_TOKEN_RATE", default="10/min"),
        # Test connection (wizard, source page, API verify), per user: see deployments.throttles.
        "aws_key_check": env.str("AWS_KEY_CHECK_RATE", default="20/hour"),
        # A notification channel's Send test, per tenant and address: see notifications.throttles.
        "notification_test": env.str("NOTIFICATION_TEST_RATE", default="5/hour"),
    },
    # Rate limits count per client address (PORTAL_NUM_PROXIES above).
    "NUM_PROXIES": PORTAL_NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "GuardDuty External Sources API",
    "DESCRIPTION": "Script the External Sources journey: endpoints, log sources, deployment, verification and search.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Tags and operation ids without the version: `log-sources`, `log_sources_create`.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # 3.1: `null` is a type of its own, so a nullable object is `oneOf: [object, null]`, which strict
    # validators and generators honour (3.0's `nullable` beside `allOf` is ignored).
    "OAS_VERSION": "3.1.0",
    # One name per choice set, whichever field carries it.
    "ENUM_NAME_OVERRIDES": {
        "SourceStatusEnum": "collection.choices.SourceStatus",
        "CollectionStateEnum": "collection.choices.CollectionState",
        "OperationStatusEnum": "deployments.choices.OperationStatus",
        "DeployActionEnum": ["create", "update", "delete"],
        "CredentialTypeEnum": ["role", "access_key"],
        "DeploymentModeEnum": ["stackset", "stack", "manual"],
        "OrganizationModeEnum": ["administrator", "every_account"],
        "OrganizationAccountStatusEnum": ["active", "suspended", "pending_closure", "removed"],
        "OrganizationDeployStatusEnum": ["not_deployed", "deploying", "deployed", "failed"],
        "HealthLevelEnum": "health.choices.HealthLevel",
        "NotificationChannelKindEnum": "notifications.choices.ChannelKind",
        "NotificationEventEnum": ["warning", "critical", "ok"],
        "DeliveryEventEnum": ["warning", "critical", "ok", "test"],
        "DeliveryStatusEnum": "notifications.choices.DeliveryStatus",
        "SampleFindingStatusEnum": "deployments.choices.SampleFindingStatus",
        "DetectorStatusEnum": "deployments.choices.DetectorStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_retry_after",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # botocore logs request bodies at DEBUG, which would carry credentials: keep it quiet.
    "loggers": {"botocore": {"level": "WARNING"}, "boto3": {"level": "WARNING"}, "urllib3": {"level": "WARNING"}},
}
