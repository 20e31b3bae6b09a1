"""Inline SVG charts rendered on the server: no JavaScript, no build, no CDN. Each chart has a
role, a title and a description; the dashboard puts a data table beside it as text alternative.
Colours meet WCAG AA contrast (≥ 4.5:1) on white."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

COLOURS = ["#1f4e79", "#a4262c", "#2b6a2f", "#6b3fa0"]  # all ≥ 4.5:1 on #ffffff
INK, GRID = "#1a1a1a", "#767676"


def _frame(chart_id: str, title: str, desc: str, w: int, h: int, body: str) -> Markup:
    return Markup(
        f'<svg id="{chart_id}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {w} {h}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>{body}</svg>')


def line_chart(chart_id: str, title: str, desc: str, labels: list[str],
               series: list[tuple[str, list[float | None]]], y_max: float,
               norm: float | None = None, norm_label: str = "norm") -> Markup:
    w, left, bottom, top = 720, 48, 40, 16
    h = 300 + 18 * len(series)
    pw, ph = w - left - 16, 300 - bottom - top
    step = pw / max(1, len(labels) - 1)
    y_max = y_max or 1

    def y(v: float) -> float:
        return top + ph - ph * min(v, y_max) / y_max

    parts = [f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" '
             f'stroke="{GRID}"/>']
    for t in range(5):
        v = y_max * t / 4
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" fill="{INK}" '
                     f'text-anchor="end">{v:.0f}</text>')
    for i, lab in enumerate(labels):
        parts.append(f'<text x="{left + i * step:.1f}" y="{top + ph + 18}" font-size="11" '
                     f'fill="{INK}" text-anchor="middle">{escape(lab)}</text>')
    if norm is not None:
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(norm):.1f}" y2="{y(norm):.1f}" '
                     f'stroke="{INK}" stroke-dasharray="6 4"/><text x="{left + pw}" '
                     f'y="{y(norm) - 4:.1f}" font-size="11" fill="{INK}" text-anchor="end">'
                     f'{escape(norm_label)}</text>')
    for si, (name, values) in enumerate(series):
        c = COLOURS[si % len(COLOURS)]
        pts = [(left + i * step, y(v)) for i, v in enumerate(values) if v is not None]
        if pts:
            parts.append(f'<polyline fill="none" stroke="{c}" stroke-width="2.5" points="'
                         + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + '"/>')
            parts += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{c}"/>' for a, b in pts]
        ly = 300 + 18 * si
        parts.append(f'<rect x="{left}" y="{ly - 6}" width="12" height="4" '
                     f'fill="{c}"/><text x="{left + 16}" y="{ly}" font-size="12" '
                     f'fill="{INK}">{escape(name)}</text>')
    return _frame(chart_id, title, desc, w, h, "".join(parts))


def bar_chart(chart_id: str, title: str, desc: str, labels: list[str],
              series: list[tuple[str, list[float | None]]], missing: str = "&lt;5") -> Markup:
    """Horizontal grouped bars; a hidden (suppressed) value draws no bar and reads '<5'."""
    w, left, row = 720, 190, 14
    groups = len(series)
    h = 20 + len(labels) * (groups * row + 12) + 24
    vmax = max([v for _, vs in series for v in vs if v is not None] + [1])
    pw = w - left - 80
    parts = []
    yy = 12
    for li, lab in enumerate(labels):
        parts.append(f'<text x="{left - 8}" y="{yy + groups * row / 2 + 4:.1f}" font-size="12" '
                     f'fill="{INK}" text-anchor="end">{escape(lab)}</text>')
        for si, (_, values) in enumerate(series):
            v = values[li]
            c = COLOURS[si % len(COLOURS)]
            bw = 0 if v is None else pw * v / vmax
            parts.append(f'<rect x="{left}" y="{yy}" width="{bw:.1f}" height="{row - 2}" '
                         f'fill="{c}"/><text x="{left + bw + 4:.1f}" y="{yy + row - 4}" '
                         f'font-size="11" fill="{INK}">'
                         f'{missing if v is None else f"{v:,.0f}".replace(",", ".")}</text>')
            yy += row
        yy += 12
    step = min(170, (w - left) // groups)  # the legend fits the width (four series: 132)
    for si, (name, _) in enumerate(series):
        c = COLOURS[si % len(COLOURS)]
        parts.append(f'<rect x="{left + si * step}" y="{h - 14}" width="12" height="8" '
                     f'fill="{c}"/><text x="{left + si * step + 16}" y="{h - 6}" font-size="12" '
                     f'fill="{INK}">{escape(name)}</text>')
    return _frame(chart_id, title, desc, w, h, "".join(parts))
