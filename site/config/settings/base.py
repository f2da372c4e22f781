"""Settings shared by every environment.

Safe for production as it stands: nothing secret lives here, DEBUG is off, and
everything that differs between machines comes from environment variables
(listed in the README). ``dev``, ``test`` and ``production`` override it.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

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
    # Issue 14: technology demands and matchmaking (精准对接).
    "matchmaking",
    "search",
    "services",
    "events",
    "achievements",
    "incubators",
    "core",
    "axes",  # issue 9: login throttling
    "csp",  # issue 9: Content-Security-Policy
    # Issue 12, open data: the /api/v1/ and /api/hsds/ APIs; "ninja" serves
    # the docs page's Swagger UI from our static files, not a CDN.
    "api",
    "ninja",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "core.account_app.UsersConfig",  # issue 9: wagtail.users, no superusers made by the bureau
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
    # Issue 10: the task queue (django-tasks, its database backend).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.ChineseFirstLocaleMiddleware",
    "core.null_bytes.RejectNullBytesMiddleware",  # PostgreSQL text holds no NUL
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # issue 9: security headers and login throttling (axes last: it turns a
    # lockout signalled by authenticate() into the lockout page)
    "core.headers.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.abuse.ThrottledPostsMiddleware",
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
# issue 9: django-axes counts failed logins wherever authenticate() is called
# (the admin login, Wagtail's /_util/login/ for login-restricted pages).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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

# Issue 11 — several app servers: DJANGO_CACHE_URL=redis://host:6379/0 puts
# the cache, and with it the rate-limit counters (django-ratelimit), in one
# Redis that every server shares (Django's own RedisCache, the redis package).
CACHE_URL = env("DJANGO_CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
# A visitor's write on SQLite waits for a running import's commit (one writer
# at a time) up to 30 s, gunicorn's default worker timeout, instead of 20 s.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"]["timeout"] = 30

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
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))  # seconds; only the worker talks to SMTP
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# issue 9: the one base of every absolute URL (mail, iCalendar, the admin).
SITE_BASE_URL = env("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt", "zip"]
# issue 9: documents only through Wagtail's view, which checks collection
# privacy; MEDIA_ROOT/documents/ is never served directly (config/urls.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
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

# --- issue 9: trust and safety ----------------------------------------------
# Login throttling (django-axes): 5 failed logins for one account, or from one
# address, lock that account / address out for 15 minutes; a success resets
# the count. The bureau sees and unlocks locked accounts in the admin.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.abuse.login_lockout"
AXES_ENABLE_ADMIN = False  # no django.contrib.admin: the bureau's view is in Wagtail
AXES_CLIENT_IP_CALLABLE = "core.abuse.client_address"  # the address the public forms count
AXES_VERBOSE = False

# Content-Security-Policy (django-csp 4): nothing loads from another site.
# Inline style *attributes* are allowed (the quota bars' widths); the admin
# also allows inline scripts and styles (core.headers says why); no other
# origin is ever allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Permissions-Policy: the site uses no device feature.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}
# No avatars from gravatar.com: the site works offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Images: refuse uploads above 40 megapixels (e.g. 8000 × 5000); the first
# thumbnail of a larger one costs seconds and hundreds of MB.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

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

# Issue 15: bilingual, branded and comfortable to operate.
# The site name follows the admin user's language (it greets operators and the
# bureau); site/overrides/locale completes Wagtail's own zh-hans catalogue for
# the screens operators use and comes first, so it may also override it.
WAGTAIL_SITE_NAME = gettext_lazy("Rongcheng Incubator Network")
LOCALE_PATHS = [SITE_DIR / "overrides" / "locale", *LOCALE_PATHS]
# /sitemap.xml: live, public pages (Wagtail's generator on Django's sitemaps).
INSTALLED_APPS += ["wagtail.contrib.sitemaps", "django.contrib.sitemaps"]
# One date style per language: Django's, with zh_Hans's month-day fixed.
FORMAT_MODULE_PATH = ["config.formats"]
# A new service request unanswered this long is overdue: the operators' inbox
# shows it and the worker's hourly job (services.tasks.send_referral_reminders,
# in PERIODIC_TASKS below) mails them once.
REFERRAL_REMINDER_AFTER_HOURS = int(env("REFERRAL_REMINDER_AFTER_HOURS", "48"))


# --- Issue 10: background work, health, public page cache, backups ---------
# Every mail, the search-index drain and Wagtail's own tasks go through the
# database task queue; `manage.py run_worker` runs them and the periodic jobs
# below (README, "Serving"). Tests use the immediate backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Mail retries: delays in seconds between attempts (attempts = delays + 1).
MAIL_RETRY_DELAYS = [int(v) for v in env_list("MAIL_RETRY_DELAYS", "60,300,1800,7200")]
# Periodic jobs run by the worker: name -> (dotted task path, every N seconds).
# Other apps add theirs here (e.g. a reminder mail) in their own settings block.
PERIODIC_TASKS = {
    "publish_scheduled": ("home.jobs.publish_scheduled", 60),
    "search_drain": ("search.tasks.drain_index", 60),
    "prune_task_results": ("home.jobs.prune_task_results", 24 * 3600),
    "purge_search_logs": ("home.jobs.purge_search_logs", 24 * 3600),
    "referral_reminders": ("services.tasks.send_referral_reminders", 3600),
}
TASK_RESULTS_KEEP_DAYS = int(env("TASK_RESULTS_KEEP_DAYS", "14"))
TASK_FAILURES_KEEP_DAYS = int(env("TASK_FAILURES_KEEP_DAYS", "90"))
# /healthz calls the worker down when its heartbeat is older than this.
WORKER_HEARTBEAT_SECONDS = 10
WORKER_STALE_SECONDS = int(env("WORKER_STALE_SECONDS", "60"))
# Backups (`manage.py backup`): where, how many to keep, and how often the
# worker makes one (hours; 0 = only by hand or cron).
BACKUP_DIR = Path(env("BACKUP_DIR", BASE_DIR / "var" / "backups"))
BACKUP_KEEP = int(env("BACKUP_KEEP", "14"))
BACKUP_EVERY_HOURS = float(env("BACKUP_EVERY_HOURS", "0"))
if BACKUP_EVERY_HOURS > 0:
    PERIODIC_TASKS["backup"] = ("home.jobs.backup", int(BACKUP_EVERY_HOURS * 3600))
# Pages anonymous visitors see are cached (home.page_cache) for at most this
# many seconds; any publish or change of a record they show clears them at once.
PUBLIC_PAGE_CACHE_SECONDS = int(env("PUBLIC_PAGE_CACHE_SECONDS", "60"))
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    # The page cache holds thousands of entries; culling at the default 300 would
    # list the folder on every write.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
MIDDLEWARE.insert(
    MIDDLEWARE.index("home.middleware.ChineseFirstLocaleMiddleware") + 1,
    "home.page_cache.PublicPageCacheMiddleware",
)
# Search: the Elasticsearch client's timeouts (seconds) and circuit breaker.
SEARCH_TIMEOUT = float(env("SEARCH_TIMEOUT", "2"))
SEARCH_INDEX_TIMEOUT = float(env("SEARCH_INDEX_TIMEOUT", "30"))
SEARCH_BREAKER_FAILURES = 3
SEARCH_BREAKER_SECONDS = 30
# --- end issue 10 ----------------------------------------------------------


def require(name):
    """Read a setting that production cannot run without."""
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value
