"""Settings, read only through django-environ (see `.env.example` for every variable).

Embedded default: SQLite under `var/` and django-q2's ORM broker. `DATABASE_URL` switches to
PostgreSQL, `REDIS_URL` switches django-q2 (and the cache) to Redis. With `DJANGO_ENV=production`
the process refuses to start without real secrets; in development a fixed key works with a warning.
"""

from __future__ import annotations

import base64
import hashlib
import warnings
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
_env_file = Path(env.str("ACMC_ENV_FILE", default=str(BASE_DIR / ".env")))
if _env_file.is_file():
    environ.Env.read_env(_env_file)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET_KEY = "dev-insecure-acmconnector-secret-key-do-not-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a random value of at least 32 characters when DJANGO_ENV=production."
    )
if not SECRET_KEY:
    SECRET_KEY = _DEV_SECRET_KEY
    warnings.warn(
        "DJANGO_SECRET_KEY is not set: using the development key. Never run production like this.",
        RuntimeWarning,
        stacklevel=1,
    )


def _derived_fernet_key(secret: str) -> str:
    """A Fernet key derived from SECRET_KEY, for development only."""
    return base64.urlsafe_b64encode(hashlib.sha256(("acmc-fernet:" + secret).encode()).digest()).decode()


# Key for secrets encrypted at rest (bearer token, passwords, webhook secret). A Fernet key
# (`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`);
# several keys separated by commas rotate: the first encrypts, all decrypt.
FIELD_ENCRYPTION_KEYS = [key.strip() for key in env.list("FIELD_ENCRYPTION_KEY", default=[]) if key.strip()]
if not FIELD_ENCRYPTION_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DJANGO_ENV=production.")
    FIELD_ENCRYPTION_KEYS = [_derived_fernet_key(SECRET_KEY)]
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        Fernet(_key.encode())
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must hold Fernet keys (32 url-safe base64-encoded bytes), comma separated."
        ) from None

DEBUG = env.bool("DJANGO_DEBUG") if env.str("DJANGO_DEBUG", default="") else not PRODUCTION
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

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
    "django_q",
    "endpoints",
    "schema",
    "sync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "acmconnector.urls"
WSGI_APPLICATION = "acmconnector.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    # An empty DATABASE_URL (as in a copied .env.example) means the embedded default too.
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'acmconnector.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet (it is ignored by git); SQLite cannot create the directory itself.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL + a busy timeout let the web process, the cluster and commands share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    if "TEST" not in DATABASES["default"]:
        DATABASES["default"]["TEST"] = {"NAME": env.str("DATABASE_TEST_NAME", default="") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "acmc",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

Q_CLUSTER: dict[str, object] = {
    "name": env.str("SYNC_CLUSTER_NAME", default="acmconnector"),
    "workers": env.int("SYNC_WORKERS", default=2),
    # A task may run for the whole Check Process Time plus one slow batch; retry must exceed timeout.
    "timeout": env.int("SYNC_TASK_TIMEOUT", default=240),
    "retry": env.int("SYNC_TASK_RETRY", default=300),
    "max_attempts": 1,
    "catch_up": False,
    "save_limit": 500,
    "ack_failures": True,
    "label": "Queue cluster",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = 1

# Engine limits of the processing loop (sync.queue.QueueSettings). Unset variables keep the
# engine's defaults, stated once in QueueSettings; the guide's Queue Processing Settings live in
# the admin (Setup Parameters), not here.
_ENGINE_LIMITS = {
    "SYNC_LEASE_SECONDS": float,
    "SYNC_BACKOFF_BASE": float,
    "SYNC_BACKOFF_MAX": float,
    "SYNC_CLAIM_LIMIT": int,
    "SYNC_MAX_WAITS": int,
    "SYNC_WAIT_DELAY": float,
    "SYNC_POLL_INTERVAL": float,
    "SYNC_POLL_LOOKBACK": float,
}
for _name, _cast in _ENGINE_LIMITS.items():
    if env.str(_name, default=""):
        globals()[_name] = env.float(_name) if _cast is float else env.int(_name)
# The connector's public base URL, printed by `setup_push_notifications` for Acumatica to call.
SYNC_PUBLIC_URL = env.str("SYNC_PUBLIC_URL", default="")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default="") or str(VAR_DIR / "static")

LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "acmconnector status API",
    "DESCRIPTION": "Queue status, messages, links and reprocessing for the Acumatica <-> Magento connector.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# HTTP clients (endpoints/clients): (connect, read) time-outs in seconds and the User-Agent.
HTTP_CONNECT_TIMEOUT = env.float("HTTP_CONNECT_TIMEOUT", default=5.0)
HTTP_READ_TIMEOUT = env.float("HTTP_READ_TIMEOUT", default=60.0)
HTTP_MAX_RETRIES = env.int("HTTP_MAX_RETRIES", default=4)
HTTP_USER_AGENT = env.str("HTTP_USER_AGENT", default="acmconnector/0.1 (+https://github.com/acmconnector)")

# `make demo` (acmconnector/demo/): where the admin is served and the admin user it creates.
DEMO_HOST = env.str("DEMO_HOST", default="127.0.0.1")
DEMO_PORT = env.int("DEMO_PORT", default=8000)
DEMO_ADMIN_USER = env.str("DEMO_ADMIN_USER", default="admin")
DEMO_ADMIN_PASSWORD = env.str("DEMO_ADMIN_PASSWORD", default="")
# The two sandboxes `make demo` starts (127.0.0.1), their latency profile and catalog size.
DEMO_ACUMATICA_PORT = env.int("DEMO_ACUMATICA_PORT", default=8101)
DEMO_MAGENTO_PORT = env.int("DEMO_MAGENTO_PORT", default=8102)
DEMO_SANDBOX_PROFILE = env.str("DEMO_SANDBOX_PROFILE", default="realistic")
DEMO_SANDBOX_ITEMS = env.int("DEMO_SANDBOX_ITEMS", default=200)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every line goes through the secret filter: tokens, passwords and cookies never reach a log.
    "filters": {"redact_secrets": {"()": "endpoints.redaction.SecretFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django-q": {"level": env.str("SYNC_Q_LOG_LEVEL", default="WARNING")}},
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
