"""Test run: fast hashing, in-memory cache and mail, media in a temp folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"  # noqa: S105  (tests only)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Issue 11: a test process started with DJANGO_CACHE_URL (the shared Redis) keeps it.
if CACHE_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env("TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="rongcheng-media-")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# runserver and the test client serve static files themselves.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# Issue 8 (item 7): search analytics written at once, inside the test's transaction.
SEARCH_ANALYTICS = "inline"

# Issue 10: no public page cache, except in the tests that check it (a test
# that changes a record with .update() must see the change).
PUBLIC_PAGE_CACHE_SECONDS = 0
