"""Keyboard use in a real browser: the first Tab reaches "Skip to content", Enter on
it moves focus to the page's main content, and a focused link, input or button
wears a ring that is easy to see (2 px, at least 3:1 against what is around it).
Each state is shot at a desktop and a phone width (test-artifacts/screenshots/)."""

import re

import pytest

from oauthapps.models import Application
from tests.e2e.conftest import log_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
WIDTHS = {"1280": DESKTOP, "390": PHONE}


def focused(page) -> dict:
    """What has focus, and how it is drawn."""
    return page.evaluate(
        """() => {
          const el = document.activeElement, style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
            className: el.className, inMain: !!el.closest("main"),
            visible: box.top >= 0 && box.left >= 0 && box.width > 0,
            outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
            outlineColor: style.outlineColor, boxShadow: style.boxShadow,
          };
        }"""
    )


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def assert_clear_ring(state: dict, *around: str) -> None:
    """A solid ring of at least 2 px, with a white gap inside it, standing out at 3:1
    or better against the gap and every colour named in `around`."""
    assert state["outlineStyle"] == "solid", state
    assert state["outlineWidth"] >= 2, state
    assert "rgb(255, 255, 255)" in state["boxShadow"], state
    for colour in ("rgb(255, 255, 255)", *around):
        assert contrast(state["outlineColor"], colour) >= 3, (state, colour)


def page_background(page) -> str:
    return page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_main(
    page, screenshot, alice, transactional_db, width
):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, "alice@example.com")
    page.goto("/settings/api/")
    hidden = page.locator(".skip-link").bounding_box()
    assert hidden["y"] + hidden["height"] <= 0  # off screen until focused

    page.keyboard.press("Tab")

    state = focused(page)
    assert (state["tag"], state["text"]) == ("a", "Skip to content")
    assert state["visible"]
    assert_clear_ring(state, page_background(page))
    screenshot(f"settings_skip_link_focused_{width}")

    page.keyboard.press("Enter")

    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert focused(page)["inMain"]  # the next Tab starts inside the content


def test_the_sign_in_page_has_the_skip_link_first_too(page, db):
    page.goto("/accounts/login/")

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert focused(page)["inMain"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_focused_input_and_button_show_a_clear_ring(
    page, screenshot, alice, transactional_db, width
):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, "alice@example.com")
    page.goto("/settings/api/keys/new/")

    page.keyboard.press("Tab")  # as a keyboard user arrives
    page.focus("#id_name")
    input_state = focused(page)
    assert input_state["id"] == "id_name"
    assert_clear_ring(input_state, page_background(page))
    screenshot(f"form_input_focused_{width}")

    page.focus("form.panel button[type=submit]")
    button_state = focused(page)
    assert button_state["text"] == "Create API key"
    button_colour = page.evaluate("() => getComputedStyle(document.activeElement).backgroundColor")
    assert_clear_ring(button_state, page_background(page))
    assert contrast(button_state["outlineColor"], button_colour) < 3  # hence the white gap
    screenshot(f"button_focused_{width}")


def test_a_sidebar_link_focused_from_the_keyboard_shows_the_ring(page, alice, transactional_db):
    log_in(page, "alice@example.com")
    page.goto("/settings/api/")

    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page)["text"] == "Logs":
            break

    assert_clear_ring(focused(page), page_background(page))


def test_the_developer_app_page_fits_a_phone(page, screenshot, alice, transactional_db):
    app = Application.objects.create(
        user=alice,
        name="Acme Sync with a rather long name for a phone",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="https://acme.example/a/very/long/callback/path/that/could/overflow",
    )
    page.set_viewport_size(PHONE)
    log_in(page, "alice@example.com")

    for name, url in [
        ("developer_apps_390", "/settings/developer/apps/"),
        ("developer_app_390", f"/settings/developer/apps/{app.pk}/"),
    ]:
        page.goto(url)
        screenshot(name)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (url, widths)
