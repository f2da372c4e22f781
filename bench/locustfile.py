"""The visitor mix of `make load` (bench/load.py): home, search page, service
pages, the search API and the calendar. Each simulated visitor sends its next
request as soon as the last one answered. URLs come from LOAD_URLS (a JSON
file bench/load.py writes from the running demo)."""

import json
import os
import random

from locust import FastHttpUser, constant, task

URLS = json.loads(open(os.environ["LOAD_URLS"]).read())  # noqa: SIM115


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def search_page(self):
        self.client.get(random.choice(URLS["search"]), name="search page")

    @task(3)
    def service_page(self):
        self.client.get(random.choice(URLS["services"]), name="service page")

    @task(2)
    def search_api(self):
        self.client.get(random.choice(URLS["api"]), name="search API")

    @task(1)
    def calendar(self):
        self.client.get(URLS["calendar"], name="calendar")
