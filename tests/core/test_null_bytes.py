"""A NUL character anywhere in the address answers 400 in the visitor's
language, never 500 (PostgreSQL text cannot hold NUL: ``?district=%00``
on the API was a server error there)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/incubators/?district=%00",
        "/api/v1/incubators/?kind=incubator&page_size=47&x%00y=1",
        "/api/v1/matches/?demand=a%00b",
        "/api/hsds/services?page=1&taxonomy_term_id=%00",
    ],
)
def test_api_answers_400_in_its_error_shape(client, demo, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameters"
    assert body["error"] == "参数无效。"
    assert ["不能包含空字符（NUL）。"] in body["fields"].values()


def test_a_nul_in_the_path_names_nothing(client, demo):
    body = client.get("/api/v1/services/%00/").json()
    assert body == {"error": "未找到。", "fields": {}, "code": "not_found"}
    response = client.get("/services/%00/")
    assert response.status_code == 404 and 'class="skip-link"' in response.content.decode()


def test_site_page_answers_the_branded_400(client, demo):
    response = client.get("/events/?incubator=%00")
    assert response.status_code == 400
    html = response.content.decode()
    assert "请求无效" in html and "不能包含空字符（NUL）。" in html
    assert 'class="skip-link"' in html  # the site's layout


def test_english_visitors_read_english(client, demo):
    client.cookies["lang"] = "en"
    body = client.get("/api/v1/incubators/?district=%00").json()
    assert body["error"] == "Invalid parameters."
    assert body["fields"] == {"district": ["Null characters are not allowed."]}


def test_ordinary_requests_pass(client, demo):
    assert client.get("/api/v1/incubators/?district=荣成").status_code == 200
