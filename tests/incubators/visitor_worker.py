"""Run by test_import_concurrency in its own process, as a visitor: wait for
the go signal, then register for event ``EVENT_PK`` and request service
``SERVICE_PK`` — what the public forms call — and print one JSON line with
how long each took and how it ended.

Usage: python -m tests.incubators.visitor_worker EVENT_PK SERVICE_PK GO_FILE
"""

import json
import os
import sys
import time
from pathlib import Path


def timed(action):
    started = time.monotonic()
    try:
        action()
    except Exception as error:  # noqa: BLE001 (reported to the test)
        return {
            "ok": False,
            "error": f"{type(error).__name__}: {error}",
            "seconds": time.monotonic() - started,
        }
    return {"ok": True, "seconds": time.monotonic() - started, "finished": time.time()}


def main():
    event_pk, service_pk, go_file = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    sys.path[:0] = [str(Path(__file__).resolve().parents[2] / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from events.models import EventPage
    from events.registrations import register
    from services.models import ServicePage
    from services.referrals import create_request

    event = EventPage.objects.get(pk=event_pk)
    service = ServicePage.objects.get(pk=service_pk)
    print("ready", flush=True)
    while not go_file.exists():
        time.sleep(0.001)
    result = {
        "registration": timed(lambda: register(event, name="访客", phone="13900000001")),
        "referral": timed(
            lambda: create_request(service, requester_name="访客", phone="13900000001", need="导入期间的请求")
        ),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
