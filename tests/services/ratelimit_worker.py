"""Run by test_shared_rate_limits in separate processes: wait for the go
signal, then count ``count`` service requests from one client address on
the request form's address counter (core.abuse, the counter the view's
``admit`` checks), and print each answer (limited or not). The cache is whatever DJANGO_CACHE_URL names.

Usage: python -m tests.services.ratelimit_worker ADDRESS COUNT GO_FILE
"""

import os
import sys
import time
from pathlib import Path


def main():
    address, count, go_file = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    sys.path[:0] = [str(Path(__file__).resolve().parents[2] / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test import RequestFactory

    from core.abuse import DEFAULT_RATE_PER_ADDRESS, _usage

    factory = RequestFactory()
    print(settings.CACHES["default"]["BACKEND"], flush=True)
    while not go_file.exists():
        time.sleep(0.001)
    answers = []
    for _n in range(count):
        request = factory.post("/referrals/request/1/", REMOTE_ADDR=address)
        usage = _usage(request, "referral-request:address", address, DEFAULT_RATE_PER_ADDRESS, increment=True)
        answers.append("limited" if usage["should_limit"] else "ok")
    print(" ".join(answers), flush=True)


if __name__ == "__main__":
    main()
