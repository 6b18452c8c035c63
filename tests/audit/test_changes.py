"""The before/after diff every edit's audit event records (audit.changes)."""

from datetime import UTC, datetime
from types import SimpleNamespace

from audit.changes import changed_fields, changed_fields_with_secrets, field_values


def test_it_records_only_the_fields_that_changed():
    key = SimpleNamespace(name="Nightly sync", permissions=["read"], rate_limit=None)
    before = field_values(key, ("name", "permissions", "rate_limit"))
    key.name, key.permissions = "Hourly sync", ["read", "write"]

    assert changed_fields(before, key) == {
        "name": {"from": "Nightly sync", "to": "Hourly sync"},
        "permissions": {"from": ["read"], "to": ["read", "write"]},
    }


def test_nothing_changed_is_an_empty_diff():
    app = SimpleNamespace(name="Zapier", redirect_uris="https://zapier.example/cb")

    assert changed_fields(field_values(app, ("name", "redirect_uris")), app) == {}


def test_it_records_times_as_iso_8601_text():
    later = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    key = SimpleNamespace(expires_at=None)
    before = field_values(key, ["expires_at"])
    key.expires_at = later

    assert changed_fields(before, key) == {
        "expires_at": {"from": None, "to": "2026-03-01T12:00:00+00:00"}
    }


def test_a_list_changed_in_place_is_still_seen():
    key = SimpleNamespace(permissions=["read", "admin"])
    before = field_values(key, ["permissions"])
    key.permissions.remove("admin")

    assert changed_fields(before, key) == {
        "permissions": {"from": ["read", "admin"], "to": ["read"]}
    }


def test_a_secret_is_recorded_as_changed_and_never_by_value():
    app = SimpleNamespace(name="Zapier", client_secret="old-secret")
    before = field_values(app, ("name", "client_secret"))
    app.client_secret = "new-secret"

    assert changed_fields_with_secrets(before, app, secrets={"client_secret"}) == {
        "client_secret": "changed"
    }


def test_a_related_row_is_recorded_by_its_name(alice, bob):
    app = SimpleNamespace(user=alice)
    before = field_values(app, ["user"])
    app.user = bob

    assert changed_fields(before, app) == {"user": {"from": str(alice), "to": str(bob)}}
