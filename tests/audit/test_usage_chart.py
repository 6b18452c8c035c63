"""Settings > API > Usage: requests per hour as a server-drawn SVG, with a table fallback."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from audit.models import RequestLog

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
URL = "/settings/api/usage/"


pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def key(alice, make_key):
    return make_key(alice, name="Zapier")[0]


def log(key, *, at, status=200, count=1):
    RequestLog.objects.create(
        request_id="req_test",
        workspace=key.workspace,
        api_key=key,
        livemode=key.livemode,
        method="GET",
        path="/v1/users/me",
        status=status,
        count=count,
        created_at=at,
    )


def svg_of(html: str) -> str:
    return re.search(r'<svg class="usage-chart".*?</svg>', html, re.S)[0]


def table_row(html: str, hour_label: str) -> list[str]:
    """The cells of the fallback table's row for one hour, e.g. "Tue Mar 10, 11:00"."""
    row = re.search(rf"<th scope=\"row\">{hour_label}</th>(.*?)</tr>", html, re.S)
    assert row, f"no table row for {hour_label}"
    return re.findall(r"<td>(.*?)</td>", row[1])


def test_the_chart_has_one_bar_per_hour_of_the_last_24(web, key):
    html = web.get(URL).content.decode()

    svg = svg_of(html)
    assert svg.count('<g class="bar">') == 24
    assert svg.count("<title") == 25  # the chart's own, and one tooltip per bar
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert "style=" not in svg


def test_each_status_bucket_is_a_segment_of_its_hours_bar(web, key):
    log(key, at=NOW.replace(hour=11, minute=5), count=7)
    log(key, at=NOW.replace(hour=11, minute=10), status=404, count=2)
    log(key, at=NOW.replace(hour=11, minute=15), status=503)
    log(key, at=NOW.replace(hour=11, minute=20), status=429, count=4)
    log(key, at=NOW.replace(hour=9, minute=0))

    svg = svg_of(web.get(URL).content.decode())

    assert len(re.findall(r'class="seg seg-', svg)) == 5
    assert [re.findall(r"seg seg-(\w+)", svg).count(b) for b in ("2xx", "4xx", "5xx", "429")] == [
        2,
        1,
        1,
        1,
    ]
    assert (
        "<title>Tue Mar 10, 11:00-12:00 UTC: 14 requests (7 2xx · 2 4xx · 1 5xx · 4 429)</title>"
        in svg
    )


def test_the_table_fallback_has_the_same_numbers(web, key):
    log(key, at=NOW.replace(hour=11, minute=5), count=7)
    log(key, at=NOW.replace(hour=11, minute=10), status=404, count=2)
    log(key, at=NOW.replace(hour=11, minute=20), status=429, count=4)

    html = web.get(URL).content.decode()

    assert "<details" in html
    assert table_row(html, "Tue Mar 10, 11:00") == ["7", "2", "0", "4", "13"]
    assert table_row(html, "Tue Mar 10, 10:00") == ["0", "0", "0", "0", "0"]


def test_it_charts_only_the_last_24_hours_by_default(web, key):
    log(key, at=NOW - timedelta(hours=30), count=5)

    response = web.get(URL)

    assert response.context["chart"].total == 0
    assert "No requests in this period" in response.content.decode()


def test_the_7_day_range_has_one_bar_per_hour_of_the_week(web, key):
    log(key, at=NOW - timedelta(hours=30), count=5)

    response = web.get(URL, {"range": "7d"})

    html = response.content.decode()
    assert svg_of(html).count('<g class="bar">') == 7 * 24
    assert table_row(html, "Mon Mar 9, 06:00") == ["5", "0", "0", "0", "5"]
    assert response.context["chart"].total == 5


def test_the_key_filter_charts_one_key(web, alice, make_key, key):
    other, _ = make_key(alice, name="Backfill")
    log(key, at=NOW - timedelta(minutes=10), count=3)
    log(other, at=NOW - timedelta(minutes=10), count=20)

    everything = web.get(URL)
    one = web.get(URL, {"key": key.public_id})

    assert everything.context["chart"].total == 23
    assert one.context["chart"].total == 3
    assert table_row(one.content.decode(), "Tue Mar 10, 12:00")[-1] == "3"


def test_a_revoked_key_can_still_be_charted(web, alice, key):
    from apikeys.services import key_revoke

    log(key, at=NOW - timedelta(minutes=10), count=2)
    key_revoke(key=key, actor=alice)

    response = web.get(URL, {"key": key.public_id, "range": "7d"})

    assert response.status_code == 200
    assert response.context["chart"].total == 2


def test_another_workspaces_key_cannot_be_charted(web, charlie, make_key):
    theirs, _ = make_key(charlie)

    assert web.get(URL, {"key": theirs.public_id}).status_code == 404
    assert web.get(URL, {"key": "key_doesnotexist"}).status_code == 404


def test_the_summary_totals_the_range_and_its_error_rate(web, key):
    log(key, at=NOW.replace(hour=0, minute=5), count=8)
    log(key, at=NOW - timedelta(hours=23, minutes=50), status=500, count=2)  # before 13:00
    log(key, at=NOW.replace(hour=12, minute=1), status=429, count=2)

    response = web.get(URL)

    html = response.content.decode()
    assert response.context["chart"].total == 10
    assert re.search(r'usage-total-value[^"]*">20.0%</span>', html)
    assert 'data-stat="requests_24h">10<' in html  # the key's figure is the chart's
