import pytest
from django.core.exceptions import ValidationError

from oauthapps.redirect_uris import validate_redirect_uris


def messages_for(text: str) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        validate_redirect_uris(text)
    return raised.value.messages


def test_it_accepts_https_uris_one_per_line_or_space_separated():
    text = "https://example.com/callback\nhttps://example.com/other?x=1 https://b.example:8443/cb"
    assert validate_redirect_uris(text) == [
        "https://example.com/callback",
        "https://example.com/other?x=1",
        "https://b.example:8443/cb",
    ]


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1/callback",
        "http://127.0.0.1:8123/callback",
        "http://[::1]:8123/callback",
        "http://localhost:3000/callback",
    ],
)
def test_it_accepts_plain_http_on_loopback_for_native_apps(uri):
    assert validate_redirect_uris(uri) == [uri]


def test_it_drops_duplicates_and_keeps_the_order():
    text = "https://b.example/cb\nhttps://a.example/cb\nhttps://b.example/cb"
    assert validate_redirect_uris(text) == ["https://b.example/cb", "https://a.example/cb"]


def test_it_refuses_plain_http_on_a_public_host():
    [message] = messages_for("http://example.com/callback")
    assert message.startswith("http://example.com/callback: must use https")
    assert "loopback" in message


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("https://example.com/callback#done", "must not contain a fragment"),
        ("https://*.example.com/callback", "must not contain wildcards"),
        ("https://example.com/*", "must not contain wildcards"),
        ("/callback", "must be an absolute URI"),
        ("example.com/callback", "must be an absolute URI"),
        ("com.example.app:/callback", "must be an absolute URI"),
        ("myapp://callback", "must use https"),
        ("ftp://example.com/callback", "must use https"),
        ("https://user:pass@example.com/callback", "must not contain a user name or password"),
        ("https://example.com:99999/callback", "is not a valid URI"),
        ("http://127.0.0.2.evil.example/callback", "must use https"),
    ],
)
def test_it_names_what_is_wrong_with_a_bad_uri(uri, words):
    [message] = messages_for(uri)
    assert message.startswith(f"{uri}: ")
    assert words in message


def test_it_gives_one_message_per_bad_uri():
    text = "\n".join(
        [
            "https://good.example/cb",
            "http://example.com/cb",
            "https://example.com/cb#x",
            "https://*.example.com/cb",
        ]
    )
    messages = messages_for(text)
    assert len(messages) == 3
    assert [m.split(": ")[0] for m in messages] == [
        "http://example.com/cb",
        "https://example.com/cb#x",
        "https://*.example.com/cb",
    ]


def test_it_requires_at_least_one_uri():
    assert messages_for("  \n ") == ["Add at least one redirect URI."]
