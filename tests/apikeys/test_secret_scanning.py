"""POST /v1/secret-scanning/reports: GitHub's partner reports of leaked keys."""

import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from django.test import Client

from apikeys import keys
from apikeys.models import ApiKey, RevokedVia
from apikeys.secret_scanning.signatures import MAX_BODY_BYTES
from audit.models import AuditEvent

URL = "/v1/secret-scanning/reports"
KEY_ID = "bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c"
LEAKED_AT = "https://github.com/octocat/Hello-World/blob/1234567/config.env"


@pytest.fixture(scope="module")
def github_key():
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(autouse=True)
def trusted_github(settings, github_key):
    pem = github_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    settings.SECRET_SCANNING_PUBLIC_KEYS = {KEY_ID: pem.decode()}


def sign(body: bytes, private_key) -> str:
    return base64.b64encode(private_key.sign(body, ec.ECDSA(hashes.SHA256()))).decode()


def report(body, *, signed_by=None, key_id=KEY_ID, signature=None):
    """POST `body` (a list, or raw bytes) as GitHub would, signed by `signed_by`."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {}
    if signed_by is not None or signature is not None:
        headers = {
            "HTTP_GITHUB_PUBLIC_KEY_IDENTIFIER": key_id,
            "HTTP_GITHUB_PUBLIC_KEY_SIGNATURE": signature or sign(raw, signed_by),
        }
    return Client().post(URL, raw, content_type="application/json", **headers)


def match(token, url=LEAKED_AT):
    return {"token": token, "type": "coherence_api_key", "url": url, "source": "content"}


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@pytest.fixture
def bobs_key(bob, make_key):
    """Bob's key in Alice's workspace: Bob created it, Alice owns the workspace."""
    return make_key(bob, workspace=bob.workspaces.get(memberships__role="member"), name="CI")


def test_a_leaked_key_is_revoked_at_once_and_labelled_true_positive(
    bobs_key, github_key, django_capture_on_commit_callbacks
):
    key, raw = bobs_key

    with django_capture_on_commit_callbacks(execute=True):
        response = report([match(raw)], signed_by=github_key)

    assert response.status_code == 200
    assert response.json() == [
        {"token_hash": sha256(raw), "token_type": "coherence_api_key", "label": "true_positive"}
    ]
    key.refresh_from_db()
    assert key.is_revoked and key.revoked_via == RevokedVia.SECRET_SCANNING
    assert key.revoked_by_label == "secret scanning, after the key was found in public"


def test_the_revoked_key_stops_working(bobs_key, github_key, client):
    _key, raw = bobs_key

    report([match(raw)], signed_by=github_key)

    assert client.get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_leak_is_a_security_event_naming_where_it_was_found(bobs_key, github_key, alice):
    key, raw = bobs_key

    report([match(raw)], signed_by=github_key)

    leaked = AuditEvent.objects.get(action="api_key.leaked")
    assert leaked.workspace == alice.workspaces.get()
    assert leaked.target_id == key.public_id
    assert leaked.metadata["url"] == LEAKED_AT
    revoked = AuditEvent.objects.get(action="api_key.revoked")
    assert revoked.metadata["reason"] == "secret_scanning"


def test_the_keys_creator_and_the_workspaces_owners_are_emailed(
    bobs_key, github_key, django_capture_on_commit_callbacks
):
    key, raw = bobs_key

    with django_capture_on_commit_callbacks(execute=True):
        report([match(raw)], signed_by=github_key)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.com",
        "bob@example.com",
    ]
    assert key.hint in mail.outbox[0].subject
    assert LEAKED_AT in mail.outbox[0].body
    assert raw not in mail.outbox[0].body


def test_a_key_revoked_already_is_still_a_true_positive_without_a_second_email(
    bobs_key, github_key, django_capture_on_commit_callbacks
):
    _key, raw = bobs_key
    with django_capture_on_commit_callbacks(execute=True):
        report([match(raw)], signed_by=github_key)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = report([match(raw, url="https://gist.github.com/x")], signed_by=github_key)

    assert again.json()[0]["label"] == "true_positive"
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1
    assert AuditEvent.objects.filter(action="api_key.leaked").count() == 2


def test_a_lookalike_and_an_unknown_well_formed_key_are_false_positives(bobs_key, github_key):
    _key, raw = bobs_key
    lookalike = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    unknown = keys.generate(livemode=True)

    response = report([match(lookalike), match(unknown), match(raw)], signed_by=github_key)

    assert [entry["label"] for entry in response.json()] == [
        "false_positive",
        "false_positive",
        "true_positive",
    ]
    assert ApiKey.objects.filter(revoked_at__isnull=False).count() == 1


def test_an_unsigned_report_is_refused_and_changes_nothing(bobs_key):
    key, raw = bobs_key

    response = report([match(raw)])

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invalid_signature"
    key.refresh_from_db()
    assert not key.is_revoked


def test_a_report_signed_by_another_key_is_refused(bobs_key):
    _key, raw = bobs_key
    impostor = ec.generate_private_key(ec.SECP256R1())

    response = report([match(raw)], signed_by=impostor)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invalid_signature"


def test_a_signature_of_another_body_is_refused(bobs_key, github_key):
    _key, raw = bobs_key
    other = sign(json.dumps([match("something else")]).encode(), github_key)

    assert report([match(raw)], signature=other).status_code == 403


@pytest.mark.parametrize("key_id,signature", [("unknown-key", None), (KEY_ID, "not base64!")])
def test_an_unknown_key_identifier_or_garbled_signature_is_refused(
    bobs_key, github_key, key_id, signature
):
    _key, raw = bobs_key
    signature = signature or sign(json.dumps([match(raw)]).encode(), github_key)

    response = report([match(raw)], key_id=key_id, signature=signature)

    assert response.status_code == 403


def test_no_configured_keys_means_every_report_is_refused(bobs_key, github_key, settings):
    settings.SECRET_SCANNING_PUBLIC_KEYS = {}
    _key, raw = bobs_key

    assert report([match(raw)], signed_by=github_key).status_code == 403


@pytest.mark.parametrize(
    "body",
    [b"not json", b"{}", b"[]", json.dumps([{"type": "x"}]).encode(), json.dumps(["x"]).encode()],
)
def test_a_malformed_signed_report_is_a_400_envelope(github_key, db, body):
    response = report(body, signed_by=github_key)

    assert response.status_code == 400
    assert set(response.json()["error"]) >= {"code", "message", "status"}


def test_a_report_over_the_size_limit_is_413_before_anything_is_checked(github_key, db):
    body = json.dumps([match("x" * 900)] * (MAX_BODY_BYTES // 900 + 1)).encode()

    response = report(body, signed_by=github_key)

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_too_many_matches_in_one_report_is_a_400(github_key, db):
    response = report([match("ck_live_x")] * 1001, signed_by=github_key)

    assert response.status_code == 400


def test_no_api_key_is_needed_and_a_bearer_header_changes_nothing(bobs_key, github_key):
    _key, raw = bobs_key
    body = json.dumps([match(raw)]).encode()

    response = Client().post(
        URL,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer ck_live_nonsense",
        HTTP_GITHUB_PUBLIC_KEY_IDENTIFIER=KEY_ID,
        HTTP_GITHUB_PUBLIC_KEY_SIGNATURE=sign(body, github_key),
    )

    assert response.status_code == 200
