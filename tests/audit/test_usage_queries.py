"""Settings > API > Usage: a fixed handful of queries, however many keys, apps and logs."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oauth2_provider.models import get_application_model

from audit.models import RequestLog
from tests.support import issue_access_token

URL = "/settings/api/usage/"


def traffic(alice, make_key, *, keys: int, apps: int):
    workspace = alice.workspaces.get()
    now = timezone.now()
    for n in range(keys):
        key, _ = make_key(alice, name=f"Key {n}", permissions=["read", "write"])
        key.last_used_at = now
        key.save()
        RequestLog.objects.bulk_create(
            RequestLog(
                request_id="req_test",
                workspace=workspace,
                api_key=key,
                method="GET",
                path="/v1/users/me",
                status=status,
                created_at=now - timedelta(hours=hour),
            )
            for hour in range(0, 48, 5)
            for status in (200, 404, 429, 500)
        )
    for n in range(apps):
        app = get_application_model().objects.create(
            user=alice,
            name=f"App {n}",
            client_type="confidential",
            authorization_grant_type="authorization-code",
            redirect_uris="https://app.example/cb",
        )
        issue_access_token(
            alice,
            app,
            workspace,
            token=f"at_usage_{app.pk}",
            expires=now + timedelta(hours=1),
            last_used_at=now,
        )
        RequestLog.objects.create(
            request_id="req_test",
            workspace=workspace,
            oauth_application=app,
            method="GET",
            path="/v1/users/me",
            status=200,
        )


def queries_for(web, *params) -> int:
    with CaptureQueriesContext(connection) as captured:
        for query in params:
            assert web.get(URL, query).status_code == 200
    return len(captured.captured_queries)


def test_more_keys_apps_and_logs_take_no_more_queries(web, alice, make_key):
    traffic(alice, make_key, keys=1, apps=1)
    few = queries_for(web, {})

    traffic(alice, make_key, keys=6, apps=4)
    many = queries_for(web, {})

    assert many == few


def test_the_page_is_a_handful_of_queries(web, alice, make_key, django_assert_max_num_queries):
    traffic(alice, make_key, keys=3, apps=2)

    with django_assert_max_num_queries(10):
        web.get(URL, {"range": "7d"})
