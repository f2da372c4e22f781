"""Every free-text query parameter of both APIs says, in its OpenAPI
description, that it holds no NUL.

``core.null_bytes`` answers 400 to a NUL anywhere in a query (PostgreSQL
text cannot hold one). A description that allowed it would call that answer
a rejected valid request: schemathesis found exactly that on
``/api/hsds/services?taxonomy_term_id=…%00…`` on a CI run.
"""

import re

import pytest

NUL = "\x00"


def _string_query_parameters(description):
    for path, operations in description["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                schema = parameter["schema"]
                options = schema.get("anyOf", [schema])
                for option in options:
                    if option.get("type") == "string":
                        yield f"{method.upper()} {path} {parameter['name']}", option


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/openapi.json", "/api/hsds/openapi.json"])
def test_every_free_text_query_parameter_refuses_nul(client, url):
    description = client.get(url).json()
    checked, allowing = 0, []
    for name, schema in _string_query_parameters(description):
        checked += 1
        if "enum" in schema or "format" in schema:
            continue
        pattern = schema.get("pattern")
        if pattern is None or re.search(pattern, f"a{NUL}b"):
            allowing.append(name)
    assert checked >= 3
    assert allowing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services?taxonomy_term_id=a%00b",
        "/api/hsds/services?organization_id=%00",
        "/api/hsds/organizations?search=%E6%B3%95%00",
        "/api/v1/incubators/?district=%00",
    ],
)
def test_a_nul_answers_400_naming_the_parameter(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameters"
    assert list(body["fields"]) == [url.split("?")[1].split("=")[0]]
