"""Settings shared by every environment.

Safe for production as it stands: nothing secret lives here, DEBUG is off, and
everything that differs between machines comes from environment variables
(listed in the README). ``dev``, ``test`` and ``production`` override it.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SITE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SITE_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "quotas",
    "search",
    "services",
    "events",
    "achievements",
    "incubators",
    "core",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
            ],
        },
    },
]

# One machine by default (SQLite file next to the code); PostgreSQL at scale:
# DATABASE_URL=postgres://user:password@host:5432/name
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: a write transaction takes the lock when it starts, so two
    # simultaneous registrations or requests queue instead of both reading
    # stale counts; WAL lets readers go on while one request writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Chinese first: every visitor gets zh-hans until they choose English with the
# switcher (see home.middleware for why the browser's Accept-Language is not
# used). Dates and numbers follow Django's zh_Hans formats.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "var" / "media"))
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One machine: a file cache under var/. Several app servers share one cache:
# set DJANGO_CACHE_BACKEND + DJANGO_CACHE_LOCATION (memcached, redis).
CACHES = {
    "default": {
        "BACKEND": env("DJANGO_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": env("DJANGO_CACHE_LOCATION", str(BASE_DIR / "var" / "cache")),
    }
}

# Behind a reverse proxy every request comes from the proxy's address: name the
# header that carries the client's (e.g. HTTP_X_REAL_IP with nginx's
# `proxy_set_header X-Real-IP $remote_addr`) so per-address rate limits work.
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY") or None

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))  # the filebased backend
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = "Rongcheng incubator network"
WAGTAILADMIN_BASE_URL = env("SITE_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ALLOW_UNICODE_SLUGS = True  # Chinese titles give readable slugs
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail's own admin search (page explorer, image chooser). The public search
# is the project's `search` app, configured below.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Public search: the embedded SQLite FTS5 backend unless ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "")
# Optional overrides (README, "Search"): a dotted backend class; the embedded
# index's own SQLite file (default: inside the main DB when that is SQLite,
# else var/search.sqlite3); the Elasticsearch index name.
SEARCH_BACKEND = env("SEARCH_BACKEND", "")
SEARCH_SQLITE_PATH = env("SEARCH_SQLITE_PATH", "")
SEARCH_ELASTICSEARCH_INDEX = env("SEARCH_ELASTICSEARCH_INDEX", "rongcheng-search")

# Issue 8 (item 7): search analytics (search.analytics). "thread": written by
# a background thread, never slowing or failing a search; "inline" (tests);
# "off". Rows are purged after SEARCH_ANALYTICS_RETENTION_DAYS by
# `manage.py search_analytics_purge`.
SEARCH_ANALYTICS = env("SEARCH_ANALYTICS", "thread")
SEARCH_ANALYTICS_RETENTION_DAYS = int(env("SEARCH_ANALYTICS_RETENTION_DAYS", "180"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}


def require(name):
    """Read a setting that production cannot run without."""
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value
