"""A timeline as a PNG (matplotlib, Agg): reports per day or week above, labelled key events below."""

from __future__ import annotations

import io
import textwrap
from datetime import date, timedelta

from index.search.timeline import Entry, Timeline

WIDTH_IN, HEIGHT_IN, DPI = 12.0, 6.75, 110  # 1320 x 742 px: readable in a Discord embed and a README
LABELLED = 8  # events named on the chart (the most relevant); the rest are dots
LABEL_CHARS = 30
WEEKLY_AFTER_DAYS = 120  # a longer span is counted per week
_LEVELS = (0.8, -0.8, 2.0, -2.0, 3.2, -3.2)
_LABEL_WIDTH = 0.17  # a label's share of the time axis (30 characters at 8.5 pt, with its box)
_ACCENT, _BARS, _INK, _MUTED = "#8b1a1a", "#c9a3a3", "#222222", "#777777"


def timeline_png(timeline: Timeline) -> bytes:
    """The chart as PNG bytes (a few hundred KB at most)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    fig, (bars, events) = plt.subplots(
        2, 1, figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, sharex=True, gridspec_kw={"height_ratios": [1, 2.6]}
    )
    try:
        days = [date.fromisoformat(day) for day, _ in timeline.counts]
        first, last = _span(days, timeline.entries)
        weekly = (last - first).days > WEEKLY_AFTER_DAYS
        _draw_counts(bars, timeline.counts, weekly)
        pad = max(timedelta(days=2), (last - first) * 0.06)
        events.set_xlim(first - pad, last + pad)
        _draw_events(events, timeline.entries, (first - pad, last + pad))
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        events.xaxis.set_major_locator(locator)
        events.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        reports = sum(n for _, n in timeline.counts)
        fig.suptitle(_clean(f"Timeline: {timeline.topic}"), x=0.01, ha="left", fontsize=15, color=_INK)
        fig.text(
            0.01, 0.915, f"{len(timeline.entries)} events from {reports} reports · "
            f"{_show(first)} – {_show(last)} · bars: reports per {'week' if weekly else 'day'}",
            ha="left", fontsize=10, color=_MUTED,
        )  # fmt: skip
        fig.subplots_adjust(left=0.04, right=0.985, top=0.86, bottom=0.07, hspace=0.08)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI)
        return out.getvalue()
    finally:
        plt.close(fig)


def _span(days: list[date], entries: list[Entry]) -> tuple[date, date]:
    known = days + [date.fromisoformat(e.day) for e in entries]
    if not known:
        today = date.today()
        return today - timedelta(days=7), today
    return min(known), max(known)


def _draw_counts(ax, counts: list[tuple[str, int]], weekly: bool) -> None:  # noqa: ANN001 -- a matplotlib Axes
    totals: dict[date, int] = {}
    for day, n in counts:
        moment = date.fromisoformat(day)
        if weekly:
            moment -= timedelta(days=moment.weekday())
        totals[moment] = totals.get(moment, 0) + n
    width = 6.0 if weekly else 0.8
    ax.bar(list(totals), list(totals.values()), width=width, color=_BARS, align="edge" if weekly else "center")
    ax.set_ylabel("reports", color=_MUTED, fontsize=9)
    ax.yaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=_MUTED, labelsize=8)


def _draw_events(ax, entries: list[Entry], span: tuple[date, date]) -> None:  # noqa: ANN001 -- a matplotlib Axes
    ax.axhline(0, color=_INK, linewidth=1.2, zorder=1)
    top = {id(e) for e in sorted(entries, key=lambda e: -e.score)[:LABELLED]}
    labelled = [e for e in entries if id(e) in top]
    for entry in entries:
        ax.plot(date.fromisoformat(entry.day), 0, "o", color=_ACCENT, markersize=5, zorder=3)
    taken: dict[float, list[tuple[float, float]]] = {level: [] for level in _LEVELS}
    width = max((span[1] - span[0]).days, 1)
    for entry in labelled:
        when = date.fromisoformat(entry.day)
        at = (when - span[0]).days / width  # labels near an edge lean inwards
        ha = "left" if at < 0.12 else "right" if at > 0.88 else "center"
        left = at - (0 if ha == "left" else _LABEL_WIDTH if ha == "right" else _LABEL_WIDTH / 2)
        box = (left, left + _LABEL_WIDTH)
        level = next((lv for lv in _LEVELS if all(box[1] < a or box[0] > b for a, b in taken[lv])), None)
        if level is None:  # no free row: the event stays a dot
            continue
        taken[level].append(box)
        ax.vlines(when, 0, level, color=_ACCENT, linewidth=0.8, alpha=0.6, zorder=2)
        who = entry.publisher or entry.source or "source unknown"
        more = f" +{len(entry.also)}" if entry.also else ""
        headline = textwrap.shorten(_clean(entry.title or entry.fact), LABEL_CHARS * 2, placeholder="…")
        body = "\n".join(textwrap.wrap(headline, LABEL_CHARS)[:2])
        ax.annotate(
            f"{_show(when)} · {_clean(who)}{more}\n{body}",
            xy=(when, level), xytext=(0, 4 if level > 0 else -4), textcoords="offset points",
            ha=ha, va="bottom" if level > 0 else "top", fontsize=8.5, color=_INK, multialignment="left",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": _BARS, "linewidth": 0.8},
            zorder=4,
        )  # fmt: skip
    ax.set_ylim(-4.4, 4.4)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=_MUTED, labelsize=9)


def _show(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _clean(text: str) -> str:
    """Text the bundled font can draw: emoji and other astral characters dropped, `$` not read as maths."""
    return " ".join("".join(ch for ch in text if ord(ch) < 0x10000).split()).replace("$", r"\$")
