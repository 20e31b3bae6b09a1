"""Inline SVG charts rendered on the server: no JavaScript, no build, no CDN. Each chart has a
role, a title and a description; the dashboard puts a data table beside it as text alternative.
Every axis carries its title with the unit (``g.as`` with ``text.as-titel``); a count axis
(``data-geheel="ja"``) has whole-number ticks only. Colours meet WCAG AA contrast (≥ 4.5:1) on
white."""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

COLOURS = ["#1f4e79", "#a4262c", "#2b6a2f", "#6b3fa0"]  # all ≥ 4.5:1 on #ffffff
INK, GRID = "#1a1a1a", "#767676"
NBSP = "\u00a0"  # between a number and its unit, so "100 %" never wraps


def nice_ticks(vmax: float, whole: bool = False, count: int = 4) -> list[float]:
    """Ticks from 0 up to at least ``vmax`` at a step of 1, 2, 2.5 or 5 × 10ⁿ, about ``count``
    steps; on a count axis (``whole``) the step is a whole number, so no tick reads 2,5."""
    vmax = vmax if vmax > 0 else 1.0
    raw = vmax / count
    mag = 10.0 ** math.floor(math.log10(raw))
    step = 10 * mag
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw * (1 - 1e-9) and (not whole or float(m * mag).is_integer()):
            step = m * mag
            break
    if whole:
        step = max(1.0, float(round(step)))
    n = max(1, math.ceil(vmax / step - 1e-9))
    return [round(i * step, 9) for i in range(n + 1)]


def getal(v: float, digits: int | None = None) -> str:
    """A number the Dutch way: 1.234,5 (``digits`` None: whole numbers without decimals)."""
    if digits is None:
        digits = 0 if float(v).is_integer() else 1
    return f"{v:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def procent(v: float, digits: int = 1) -> str:
    return f"{getal(v, digits)}{NBSP}%"


def _frame(chart_id: str, title: str, desc: str, w: int, h: int, body: str) -> Markup:
    return Markup(
        f'<svg id="{chart_id}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {w} {h}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>{body}</svg>')


def _axis(which: str, title: str, whole: bool, x: float, y: float, anchor: str,
          ticks: str) -> str:
    return (f'<g class="as" data-as="{which}" data-geheel="{"ja" if whole else "nee"}">'
            f'{ticks}<text class="as-titel" x="{x:.1f}" y="{y:.1f}" font-size="12" '
            f'font-weight="600" fill="{INK}" text-anchor="{anchor}">{escape(title)}</text></g>')


def line_chart(chart_id: str, title: str, desc: str, labels: list[str],
               series: list[tuple[str, list[float | None]]], *, y_title: str,
               y_whole: bool, x_title: str = "maand", y_max: float | None = None,
               norm: float | None = None, norm_label: str = "norm") -> Markup:
    """Lines over ``labels``; ``y_title`` names the value axis with its unit, ``y_whole``
    marks a count axis. ``y_max`` fixes the top (a share: 100), else the data sets it."""
    w, left, top, plot_h = 720, 56, 30, 300
    bottom = 48
    ph = plot_h - bottom - top
    h = plot_h + 18 * len(series) + 4
    pw = w - left - 16
    step = pw / max(1, len(labels) - 1)
    values = [v for _, vs in series for v in vs if v is not None]
    ticks = nice_ticks(y_max if y_max is not None else max([*values, 0.0]), whole=y_whole)
    top_v = ticks[-1]

    def y(v: float) -> float:
        return top + ph - ph * min(v, top_v) / top_v

    parts = [f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" '
             f'stroke="{GRID}"/><line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" '
             f'stroke="{GRID}"/>']
    y_ticks = "".join(
        f'<text class="tick" x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" fill="{INK}" '
        f'text-anchor="end">{getal(v)}</text>' for v in ticks)
    parts.append(_axis("y", y_title, y_whole, 8, 14, "start", y_ticks))
    x_ticks = "".join(
        f'<text class="tick" x="{left + i * step:.1f}" y="{top + ph + 18}" font-size="11" '
        f'fill="{INK}" text-anchor="middle">{escape(lab)}</text>' for i, lab in enumerate(labels))
    parts.append(_axis("x", x_title, False, left + pw / 2, top + ph + 36, "middle", x_ticks))
    if norm is not None:
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(norm):.1f}" y2="{y(norm):.1f}" '
                     f'stroke="{INK}" stroke-dasharray="6 4"/><text x="{left + pw}" '
                     f'y="{y(norm) - 4:.1f}" font-size="11" fill="{INK}" text-anchor="end">'
                     f'{escape(norm_label)}</text>')
    for si, (name, vs) in enumerate(series):
        c = COLOURS[si % len(COLOURS)]
        pts = [(left + i * step, y(v)) for i, v in enumerate(vs) if v is not None]
        if pts:
            parts.append(f'<polyline fill="none" stroke="{c}" stroke-width="2.5" points="'
                         + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + '"/>')
            parts += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{c}"/>' for a, b in pts]
        ly = plot_h + 18 * si
        parts.append(f'<rect x="{left}" y="{ly - 6}" width="12" height="4" '
                     f'fill="{c}"/><text class="legenda" x="{left + 16}" y="{ly}" '
                     f'font-size="12" fill="{INK}">{escape(name)}</text>')
    return _frame(chart_id, title, desc, w, h, "".join(parts))


def bar_chart(chart_id: str, title: str, desc: str, labels: list[str],
              series: list[tuple[str, list[float | None]]], *, value_title: str,
              value_whole: bool, label_title: str, missing: str = "&lt;5") -> Markup:
    """Horizontal grouped bars; a hidden (suppressed) value draws no bar and reads '<5'. The
    value axis runs along the bottom (``value_title`` with its unit), the categories down the
    left (``label_title``)."""
    w, left, row = 720, 190, 14
    groups = len(series)
    pw = w - left - 80
    vmax = max([v for _, vs in series for v in vs if v is not None] + [0.0])
    ticks = nice_ticks(vmax, whole=value_whole)
    top_v = ticks[-1]
    parts: list[str] = []
    names: list[str] = []  # the category axis's labels
    yy = 28
    for li, lab in enumerate(labels):
        names.append(f'<text class="tick" x="{left - 8}" y="{yy + groups * row / 2 + 4:.1f}" '
                     f'font-size="12" fill="{INK}" text-anchor="end">{escape(lab)}</text>')
        for si, (_, vs) in enumerate(series):
            v = vs[li]
            c = COLOURS[si % len(COLOURS)]
            bw = 0 if v is None else pw * max(v, 0) / top_v
            parts.append(f'<rect x="{left}" y="{yy}" width="{bw:.1f}" height="{row - 2}" '
                         f'fill="{c}"/><text x="{left + bw + 4:.1f}" y="{yy + row - 4}" '
                         f'font-size="11" fill="{INK}">'
                         f'{missing if v is None else getal(v, 0)}</text>')
            yy += row
        yy += 12
    parts.append(_axis("y", label_title, False, 8, 14, "start", "".join(names)))
    axis_y = yy
    value_ticks = "".join(
        f'<line x1="{left + pw * v / top_v:.1f}" x2="{left + pw * v / top_v:.1f}" '
        f'y1="{axis_y}" y2="{axis_y + 5}" stroke="{GRID}"/><text class="tick" '
        f'x="{left + pw * v / top_v:.1f}" y="{axis_y + 17}" font-size="11" fill="{INK}" '
        f'text-anchor="middle">{getal(v)}</text>' for v in ticks)
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + pw}" y2="{axis_y}" '
                 f'stroke="{GRID}"/>')
    parts.append(_axis("x", value_title, value_whole, left + pw / 2, axis_y + 34, "middle",
                       value_ticks))
    h = axis_y + 62
    step = min(170, (w - left) // groups)  # the legend fits the width (four series: 132)
    for si, (name, _) in enumerate(series):
        c = COLOURS[si % len(COLOURS)]
        parts.append(f'<rect x="{left + si * step}" y="{h - 14}" width="12" height="8" '
                     f'fill="{c}"/><text x="{left + si * step + 16}" y="{h - 6}" font-size="12" '
                     f'fill="{INK}">{escape(name)}</text>')
    return _frame(chart_id, title, desc, w, h, "".join(parts))
