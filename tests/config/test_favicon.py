"""Browsers ask for /favicon.ico on every page: it answers with the icon, cached, and
every layout links the icon (ICO and SVG) so the tab shows the Coherence mark."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client

ICO_HEADER = b"\x00\x00\x01\x00"  # reserved 0, type 1 (icon)


def icon_links(html: str) -> list[str]:
    return re.findall(r'<link rel="icon" href="([^"]+)"', html)


def test_favicon_ico_answers_200_with_the_icon(db):
    response = Client().get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(ICO_HEADER)
    assert response.content == Path(finders.find("favicon.ico")).read_bytes()


def test_favicon_ico_is_cached_for_a_day_and_sets_no_cookie(db):
    response = Client().get("/favicon.ico")

    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_favicon_ico_answers_head_and_refuses_post(db):
    assert Client().head("/favicon.ico").status_code == 200
    assert Client().post("/favicon.ico").status_code == 405


@pytest.mark.parametrize(
    ("url", "signed_in"), [("/accounts/login/", False), ("/settings/api/", True)]
)
def test_every_page_links_the_icon_as_ico_and_svg(alice, client, url, signed_in):
    if signed_in:
        client.force_login(alice)

    response = client.get(url)

    assert response.status_code == 200
    links = icon_links(response.content.decode())

    assert [link.rsplit(".", 1)[-1] for link in links] == ["ico", "svg"]
    for link in links:
        name = link.removeprefix("/static/")
        assert finders.find(name), link


def test_the_standalone_500_page_links_the_icon_too():
    links = icon_links(render_to_string("500.html"))

    assert [link.rsplit("/", 1)[-1] for link in links] == ["favicon.ico", "favicon.svg"]


def test_the_svg_icon_is_the_header_s_c_mark_in_the_accent_colour():
    svg = Path(finders.find("favicon.svg")).read_text()

    assert svg.startswith("<svg") and 'viewBox="0 0 32 32"' in svg
    assert 'fill="#4f46e5"' in svg  # --accent, the .brand-mark's background
