"""What anonymous visitors see is cached; this is the switch that clears it.

Every cached public response (home.page_cache) and every cached summary is
keyed by one *generation* number kept in Django's cache (shared between app
servers when the cache is Redis). A publish, or a change to a record public
pages show, bumps the number: every old entry is unreachable at once and
expires on its own. Coarse on purpose — one rule, nothing to forget.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "public-generation"


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh (or flushed) cache: start from the clock so a restarted
        # process never reuses an old generation's entries.
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def bump():
    """Make every cached public page and summary stale now."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def cached(key, compute, timeout):
    """``compute()`` cached under ``key`` within the current generation."""
    full_key = f"public:{generation()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
