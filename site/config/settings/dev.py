"""Local development: debug on, a throwaway key, console email."""

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

# DJANGO_DEBUG=0 shows what visitors see (the branded 404/500 pages instead of
# Django's debug pages): `make demo` and the browser tests run that way.
DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# runserver and the test client serve static files themselves.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Issue 10: on a laptop tasks run at once, in the request (no worker to start);
# `make serve` and production use the database queue and `run_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
