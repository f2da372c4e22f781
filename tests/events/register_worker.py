"""Run by test_concurrency in separate processes: wait for the go signal,
then register ``count`` people for event ``pk`` as fast as possible.

Usage: python -m tests.events.register_worker EVENT_PK WORKER COUNT GO_FILE
"""

import os
import sys
import time
from pathlib import Path


def main():
    pk, worker, count, go_file = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    sys.path[:0] = [str(Path(__file__).resolve().parents[2] / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from events.models import EventPage
    from events.registrations import register

    event = EventPage.objects.get(pk=pk)
    print("ready", flush=True)
    while not go_file.exists():
        time.sleep(0.001)
    statuses = []
    for n in range(count):
        registration = register(event, name=f"{worker}-{n}", phone=f"139{worker}{n:06d}"[:15])
        statuses.append(registration.status)
    print(" ".join(statuses), flush=True)


if __name__ == "__main__":
    main()
