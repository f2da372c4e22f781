"""A small circuit breaker for a search server that may hang.

After ``SEARCH_BREAKER_FAILURES`` failures in a row the breaker opens: for
``SEARCH_BREAKER_SECONDS`` searches answer "unavailable" at once instead of
each waiting for a timeout, then one search is let through to try again.
The state lives in Django's cache, so every process of a machine (and every
app server, with a shared cache) stops trying together.
"""

import time

from django.conf import settings
from django.core.cache import cache


class CircuitBreaker:
    def __init__(self, name):
        self.failures_key = f"breaker:{name}:failures"
        self.open_key = f"breaker:{name}:open-until"

    def is_open(self):
        until = cache.get(self.open_key)
        return until is not None and until > time.time()

    def succeeded(self):
        if cache.get(self.failures_key):
            cache.delete_many([self.failures_key, self.open_key])

    def failed(self):
        cache.add(self.failures_key, 0, timeout=settings.SEARCH_BREAKER_SECONDS * 10)
        try:
            failures = cache.incr(self.failures_key)
        except ValueError:  # expired between add and incr
            failures = 1
        if failures >= settings.SEARCH_BREAKER_FAILURES:
            seconds = settings.SEARCH_BREAKER_SECONDS
            cache.set(self.open_key, time.time() + seconds, timeout=seconds)
            # The next failure after the pause opens it again at once.
            cache.set(self.failures_key, settings.SEARCH_BREAKER_FAILURES - 1, timeout=seconds * 10)
