"""The whole ``/api/v1/`` against its own OpenAPI description, with
schemathesis (property-based: generated valid and invalid parameters,
bounded). Through Django's real WSGI stack over the demo network: no answer
is a 5xx, every answer's status, content type and body match the description.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

# Bounded: about a minute on a loaded two-core machine for all operations.
MAX_EXAMPLES = 30

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_v1_matches_its_openapi_description(case):
    case.call_and_validate()
