"""The admin's request logs: read-only, filterable, searchable, with a date hierarchy."""

from datetime import UTC, datetime

import pytest

from audit.models import RequestLog

LIST = "/admin/audit/requestlog/"


@pytest.fixture
def rows(alice, make_key):
    key, _ = make_key(alice, name="Nightly sync")
    workspace = alice.workspaces.get()

    def row(request_id, method, path, status, ip, when, livemode=True, **extra):
        return RequestLog.objects.create(
            request_id=request_id,
            workspace=workspace,
            api_key=key,
            livemode=livemode,
            method=method,
            path=path,
            status=status,
            ip=ip,
            created_at=when,
            **extra,
        )

    return {
        "ok": row(
            "req_okokok",
            "GET",
            "/v1/users/me",
            200,
            "198.51.100.1",
            datetime(2026, 1, 5, tzinfo=UTC),
        ),
        "limited": row(
            "req_limited",
            "POST",
            "/v1/modules/contacts/records",
            429,
            "198.51.100.2",
            datetime(2026, 1, 6, tzinfo=UTC),
            error_code="rate_limited",
        ),
        "broken": row(
            "req_broken",
            "DELETE",
            "/v1/modules/contacts/records/rec_1",
            500,
            "203.0.113.9",
            datetime(2026, 2, 1, tzinfo=UTC),
            livemode=False,
            error_code="server_error",
        ),
    }


def listed(staff, rows, **params) -> set[str]:
    """Which of the rows the list shows (by their change links)."""
    html = staff.get(LIST, params).content.decode()
    return {name for name, row in rows.items() if f"{LIST}{row.pk}/change/" in html}


def test_staff_see_the_columns_that_matter(staff, rows):
    response = staff.get(LIST)

    html = response.content.decode()
    assert response.status_code == 200
    for text in ("/v1/modules/contacts/records", "rate_limited", "Nightly sync", "198.51.100.2"):
        assert text in html


def test_staff_filter_by_status_method_and_mode(staff, rows):
    assert listed(staff, rows, status_class="429") == {"limited"}
    assert listed(staff, rows, status_class="5xx") == {"broken"}
    assert listed(staff, rows, status_class="2xx") == {"ok"}
    assert listed(staff, rows, method="POST") == {"limited"}
    assert listed(staff, rows, livemode__exact="0") == {"broken"}


def test_staff_search_by_request_id_ip_or_path(staff, rows):
    assert listed(staff, rows, q="req_limited") == {"limited"}
    assert listed(staff, rows, q="203.0.113.9") == {"broken"}
    assert listed(staff, rows, q="contacts/records") == {"limited", "broken"}


def test_staff_drill_down_by_date(staff, rows):
    html = staff.get(LIST, {"created_at__year": "2026"}).content.decode()

    assert "January" in html and "February" in html
    assert listed(staff, rows, created_at__year="2026", created_at__month="1") == {
        "ok",
        "limited",
    }
    assert listed(
        staff, rows, created_at__year="2026", created_at__month="1", created_at__day="6"
    ) == {"limited"}


def test_a_log_row_cannot_be_added(staff, rows):
    assert staff.get(f"{LIST}add/").status_code == 403


def test_a_log_row_has_no_save_button_and_cannot_be_changed(staff, rows):
    row = rows["ok"]
    page = staff.get(f"{LIST}{row.pk}/change/")
    posted = staff.post(f"{LIST}{row.pk}/change/", {"status": "204"})

    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert posted.status_code == 403
    row.refresh_from_db()
    assert row.status == 200


def test_a_log_row_cannot_be_deleted(staff, rows):
    row = rows["ok"]

    response = staff.post(f"{LIST}{row.pk}/delete/", {"post": "yes"})
    bulk = staff.post(
        LIST, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )

    assert response.status_code == 403
    assert bulk.status_code in (200, 302)
    assert RequestLog.objects.filter(pk=row.pk).exists()
