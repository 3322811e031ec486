"""A property-based run over the whole OpenAPI schema: no request the schema allows gets a 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from django.core import signals
from django.db import close_old_connections

from config.wsgi import application

pytestmark = pytest.mark.django_db
# About 20 operations x 8 examples each, derandomized: a few seconds on the seeds.
EXAMPLES = 8


@pytest.fixture
def api_schema(seed_ledger, settings):
    """The seeds and the follow-up of 大足区 2024 (loaded once per session: conftest.seed_ledger)."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    # Called as a WSGI app, Django would close the test's database connection after each request, as
    # Django's own test client prevents.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(django_user_model):
    user = django_user_model.objects.create_superuser("fuzzer", "fuzzer@example.org", "pw")
    return Token.objects.create(user=user).key


def test_no_request_gets_a_server_error(api_schema, staff_token):
    # Hypothesis drives each operation here rather than through schemathesis' pytest plugin, which does
    # not support the pytest this project uses.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 13
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def check(case):
            response = case.call(headers={"Authorization": f"Token {staff_token}"})
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} {case.query} {case.body!r} -> {response.status_code}: "
                f"{response.text[:500]}"
            )

        check()
