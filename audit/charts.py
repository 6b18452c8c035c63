"""Stacked bar charts as plain geometry, for a template to draw as inline SVG.

The page's Content-Security-Policy forbids scripts and style attributes, so
the chart is computed here and written out as SVG elements with presentation
attributes (x, y, width, height, fill): nothing runs in the browser, and each
bar carries a <title> for its tooltip.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from audit.statuses import CHART_CLASSES, StatusClass

if TYPE_CHECKING:
    from audit.usage import HourTraffic

WIDTH, HEIGHT = 880, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 34, 30


@dataclass(frozen=True)
class Segment:
    name: str
    value: int
    y: float
    height: float
    fill: str


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    slot_x: float
    slot_width: float
    title: str
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class XLabel:
    x: float
    text: str


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str
    x: float

    @property
    def text_x(self) -> float:
        return self.x + 16


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    x_labels: tuple[XLabel, ...]
    legend: tuple[LegendItem, ...]
    separators: tuple[float, ...]
    total: int

    @property
    def plot_height(self) -> float:
        return _r(self.bottom - self.top)

    @property
    def y_label_x(self) -> int:
        return self.left - 8

    @property
    def center(self) -> tuple[float, float]:
        return _r((self.left + self.right) / 2), _r((self.top + self.bottom) / 2)


def nice_step(maximum: int, intervals: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about `intervals` gridlines."""
    raw = max(maximum / intervals, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover (the loop always returns)


def stacked_bars(
    columns: Sequence[tuple[str, Mapping[str, int]]],
    *,
    series: Sequence[StatusClass] = CHART_CLASSES,
    labels: Mapping[int, str] | None = None,
    separators: Iterable[int] = (),
) -> Chart:
    """`columns`: (title, {status class key: value}) per bar, stacked in `series`
    order from the bottom; `labels`: {column index: x-axis text}; `separators`:
    column indexes before which a vertical line divides the plot."""
    labels = labels or {}
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    peak = max((sum(values.values()) for _, values in columns), default=0)
    step = nice_step(peak)
    top_value = max(step * math.ceil(peak / step), step * 4)
    scale = plot_h / top_value
    slot = plot_w / max(len(columns), 1)
    bars = [
        _bar(title, values, series, slot_x=LEFT + index * slot, slot=slot, base=base, scale=scale)
        for index, (title, values) in enumerate(columns)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=base,
        bars=tuple(bars),
        ticks=tuple(
            Tick(value, _r(base - value * scale)) for value in range(0, top_value + 1, step)
        ),
        x_labels=tuple(
            XLabel(_r(LEFT + (i + 0.5) * slot), text) for i, text in sorted(labels.items())
        ),
        legend=tuple(
            LegendItem(
                status_class.key, status_class.colour, WIDTH - RIGHT - 64 * (len(series) - i)
            )
            for i, status_class in enumerate(series)
        ),
        separators=tuple(_r(LEFT + i * slot) for i in separators if i > 0),
        total=sum(bar.total for bar in bars),
    )


def _bar(
    title: str,
    values: Mapping[str, int],
    series: Sequence[StatusClass],
    *,
    slot_x: float,
    slot: float,
    base: float,
    scale: float,
) -> Bar:
    """One column's bar: its segments stacked up from `base`, `scale` pixels a request."""
    bar_w = max(slot * 0.72, 1.0)
    y, segments = base, []
    for status_class in series:
        value = values.get(status_class.key, 0)
        if value:
            height = value * scale
            y -= height
            segments.append(
                Segment(status_class.key, value, _r(y), _r(height), status_class.colour)
            )
    return Bar(
        x=_r(slot_x + (slot - bar_w) / 2),
        width=_r(bar_w),
        slot_x=_r(slot_x),
        slot_width=_r(slot),
        title=title,
        total=sum(values.values()),
        segments=tuple(segments),
    )


def traffic_chart(hours: Sequence["HourTraffic"]) -> Chart:
    """Requests per hour (audit.usage.HourTraffic), stacked by status bucket."""
    daily = len(hours) > 48
    columns: list[tuple[str, Mapping[str, int]]] = []
    labels: dict[int, str] = {}
    separators: list[int] = []
    for index, hour in enumerate(hours):
        counts = hour.counts
        breakdown = " · ".join(f"{counts[c.key]:,} {c.key}" for c in CHART_CLASSES)
        title = (
            f"{_day(hour.start)}, {hour.start:%H}:00-{(hour.start.hour + 1) % 24:02d}:00 UTC: "
            f"{hour.total:,} requests ({breakdown})"
        )
        columns.append((title, counts))
        if daily and hour.start.hour == 0:
            separators.append(index)
        if daily and hour.start.hour == 12:
            labels[index] = _day(hour.start)
        elif not daily and hour.start.hour % 3 == 0:
            labels[index] = f"{hour.start:%H:00}"
    return stacked_bars(columns, labels=labels, separators=separators)


def _day(moment: datetime) -> str:
    return f"{moment:%a %b} {moment.day}"


def _r(value: float) -> float:
    return round(value, 2)
