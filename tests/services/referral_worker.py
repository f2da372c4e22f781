"""Run by test_referral_race in separate processes: wait for the go signal,
then send ``count`` service requests as fast as possible and print their
references.

Usage: python -m tests.services.referral_worker SERVICE_PK WORKER COUNT GO_FILE
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
    from services.models import ServicePage
    from services.referrals import create_request

    service = ServicePage.objects.get(pk=pk)
    print("ready", flush=True)
    while not go_file.exists():
        time.sleep(0.001)
    references = [
        create_request(
            service, requester_name=f"{worker}-{n}", email=f"w{worker}-{n}@example.cn", need="并发请求"
        ).reference
        for n in range(count)
    ]
    print(" ".join(references), flush=True)


if __name__ == "__main__":
    main()
