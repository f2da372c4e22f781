"""No request waits on a dead SMTP or Elasticsearch server: gunicorn with
production settings and the real worker process on a copy of the demo.
"""

import asyncio
import time

import requests
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup

from tests.serving.conftest import Browser, Site, first_url, live_page_id, request_path_of, wait_for

REFERRAL = {
    "requester_name": "赵六",
    "company": "荣成测试科技有限公司",
    "phone": "13999990001",
    "email": "zhaoliu@example.cn",
    "need": "需要代理记账服务，请联系。",
    "consent": "on",
}
REGISTRATION = {"name": "孙七", "company": "测试公司", "phone": "13999990002", "email": "sunqi@example.cn"}
INTEREST = {
    "name": "周八",
    "organisation": "荣成某海洋食品公司",
    "phone": "13999990003",
    "email": "zhouba@example.cn",
    "message": "希望洽谈许可。",
}


def errors_of(response):
    """The error messages a form page shows (empty for a redirect)."""
    soup = BeautifulSoup(response.text, "html.parser")
    return [item.get_text(" ", strip=True) for item in soup.select(".errorlist, .form-errors, [role=alert]")]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf8", "replace")))
        return "250 Message accepted for delivery"


def test_forms_answer_at_once_while_smtp_hangs_and_the_worker_delivers_later(
    demo_copy, collected_static, hanging_server
):
    smtp_port = hanging_server.port
    site = Site(
        demo_copy,
        collected_static,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_port,
        EMAIL_TIMEOUT=2,
        MAIL_RETRY_DELAYS="1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
    )
    inbox = Inbox()
    controller = None
    try:
        site.start_web()
        site.start_worker()
        browser = Browser(site.base)
        request_path = request_path_of(browser)
        event = first_url(browser, "event", "#register form")
        achievement = first_url(browser, "achievement", "#interest form")
        browser.get("/")  # warm the workers

        referral, referral_s = browser.submit(
            request_path, REFERRAL, "form[method=post]:not(.language-switcher)"
        )
        registration, registration_s = browser.submit(event, REGISTRATION, "#register form")
        interest, interest_s = browser.submit(achievement, INTEREST, "#interest form")

        answers = [referral, registration, interest]
        assert [a.status_code for a in answers] == [302, 302, 302], [errors_of(a) for a in answers]
        assert referral_s < 1, referral_s
        assert registration_s < 1, registration_s
        assert interest_s < 1, interest_s

        # The worker tried, failed (SMTP never answered) and recorded it.
        failed = wait_for(
            lambda: site.query(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'core.mail.send_mail_task' AND status = 'FAILED'"
            )[0][0],
            60,
        )
        assert failed >= 1

        # SMTP comes back on the same port: the retries deliver everything.
        hanging_server.close()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port, loop=asyncio.new_event_loop())
        controller.start()
        recipients = lambda: {r for rcpts, _body in inbox.messages for r in rcpts}  # noqa: E731
        wait_for(lambda: {"sunqi@example.cn"} <= recipients() and len(inbox.messages) >= 3, 90)
        assert "sunqi@example.cn" in recipients()
        assert len(inbox.messages) >= 3, inbox.messages
        successful = site.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'core.mail.send_mail_task' AND status = 'SUCCESSFUL'"
        )[0][0]
        assert successful >= 3
    finally:
        site.stop()
        if controller is not None:
            controller.stop()


def test_publishing_and_pages_stay_fast_while_elasticsearch_hangs(
    demo_copy, collected_static, hanging_server
):
    site = Site(
        demo_copy,
        collected_static,
        ELASTICSEARCH_URL=f"http://127.0.0.1:{hanging_server.port}",
        SEARCH_INDEX_TIMEOUT=2,
        WORKER_STALE_SECONDS=4,
    )
    try:
        site.start_web()
        site.start_worker()
        browser = Browser(site.base)
        assert browser.get("/").status_code == 200

        # Publish through the admin while Elasticsearch never answers.
        login, _seconds = browser.submit(
            "/admin/login/", {"username": "bureau", "password": "bureau-demo-2026"}, "form"
        )
        assert login.status_code == 302
        page_id = live_page_id(site, "servicepage")
        published, publish_s = browser.submit(
            f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/", {}, "form"
        )
        assert published.status_code == 302, published.text[:500]
        assert publish_s < 1, publish_s
        queued = site.query("SELECT count(*) FROM search_indexqueueentry WHERE object_id = ?", (page_id,))
        assert queued[0][0] >= 1  # waiting for Elasticsearch, not lost

        # The worker tries, fails, records it; the row stays queued.
        errors = wait_for(
            lambda: site.query(
                "SELECT count(*) FROM search_indexqueueentry WHERE object_id = ? AND attempts > 0", (page_id,)
            )[0][0],
            60,
        )
        assert errors >= 1
        assert site.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'search.tasks.drain_index' AND status = 'FAILED'"
        )[0][0]

        # Pages that do not search stay fast; search answers 503 within 3 s.
        anonymous = Browser(site.base)
        for path in ("/", "/events/", "/incubators/"):
            started = time.monotonic()
            assert anonymous.get(path).status_code == 200
            assert time.monotonic() - started < 1, path
        for path in ("/search/?q=代理记账", "/api/v1/search/?q=代理记账", "/search/?q=知识产权"):
            started = time.monotonic()
            response = anonymous.get(path)
            assert response.status_code == 503
            assert time.monotonic() - started < 3, path
        page = anonymous.get("/search/?q=高企")
        assert page.status_code == 503
        assert "搜索暂时不可用" in page.text

        # /healthz: database fine, search not, worker alive → degraded.
        status, health = site.healthz()
        assert status == 200
        assert health["status"] == "degraded"
        assert health["database"] == "ok"
        assert health["search"] == "unavailable"
        assert health["tasks"]["worker_seen_seconds_ago"] <= 15

        # The worker stops: its heartbeat ages past WORKER_STALE_SECONDS.
        site.stop_worker()
        time.sleep(5)
        status, health = site.healthz()
        assert status == 200 and health["status"] == "degraded"
        assert health["tasks"]["worker_seen_seconds_ago"] > 4
    finally:
        site.stop()


def test_healthz_answers_503_when_the_database_does_not(workdir, collected_static):
    site = Site(workdir, collected_static, DATABASE_URL=f"sqlite:///{workdir / 'missing' / 'db.sqlite3'}")
    try:
        site.start_web(workers=1)
        response = requests.get(site.base + "/healthz", timeout=10)
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "unavailable"}
    finally:
        site.stop()
