"""gunicorn settings for `make serve` (scripts/serve.py) and app servers at scale.

Sync workers: requests are short and CPU-bound (a cached page is a few
milliseconds), nothing in a request waits on mail or search indexing, and a
search that cannot reach its server gives up after SEARCH_TIMEOUT.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
max_requests = 5000  # recycle workers now and then (memory held by long runs)
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
control_socket_disable = True  # several instances on one machine (tests, load runs)
