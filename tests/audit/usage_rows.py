"""The rows of Settings > API > Usage's tables, as shown: a key's is
`<tr data-key="key_...">`, an OAuth app's `<tr data-app="<client id>">`."""

import re


def row_html(html: str, kind: str, identifier: str) -> str:
    row = re.search(rf'<tr data-{kind}="{identifier}">(.*?)</tr>', html, re.S)
    assert row, f"no row for the {kind} {identifier}"
    return row[1]


def figures(row: str) -> dict[str, str]:
    """A row's cells by their `data-stat`, as the text they show."""
    cells = re.findall(r'data-stat="(\w+)">(.*?)</td>', row, re.S)
    return {name: re.sub(r"<[^>]+>|\s+", " ", text).strip() for name, text in cells}


def key_row_html(html: str, key) -> str:
    return row_html(html, "key", key.public_id)


def app_row_html(html: str, app) -> str:
    return row_html(html, "app", app.client_id)


def key_row(html: str, key) -> dict[str, str]:
    """The figures of one key's row."""
    return figures(key_row_html(html, key))


def app_row(html: str, app) -> dict[str, str]:
    """The figures of one OAuth app's row."""
    return figures(app_row_html(html, app))
