"""Draw the cost curve as an SVG (no plotting library): each cost against the archive's size.

Takes, for each cost, its values at the measured sizes; gives an SVG document
with both axes logarithmic and every cost divided by its value at the smallest
size, so all share one scale: a cost that grows like the archive follows the
dashed diagonal, one above it grows faster, one below it slower.
"""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT = 760, 460
LEFT, RIGHT, TOP, BOTTOM = 70, 250, 30, 60
COLOURS = ["#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#e377c2",
           "#7f7f7f", "#bcbd22"]


def _ticks(low: float, high: float) -> list[float]:
    """Return 1-2-5 ticks covering [low, high] on a log scale."""
    out = []
    exponent = math.floor(math.log10(low))
    while 10 ** exponent <= high * 1.0001:
        for m in (1, 2, 5):
            v = m * 10 ** exponent
            if low / 1.0001 <= v <= high * 1.0001:
                out.append(v)
        exponent += 1
    return out or [low, high]


def _label(v: float) -> str:
    if v >= 1000:
        return f"{v / 1000:g}k"
    return f"{v:g}"


def svg(sizes: list[int], series: dict[str, list[float | None]], title: str) -> str:
    """Return the SVG text of the chart of series (name → value per size) against sizes."""
    relative: dict[str, list[tuple[int, float]]] = {}
    for name, values in series.items():
        base = values[0]
        if not base:
            continue
        points = [(n, v / base) for n, v in zip(sizes, values) if v]
        if len(points) >= 2:
            relative[name] = points
    x_lo, x_hi = min(sizes), max(sizes)
    if x_hi == x_lo:
        x_hi = x_lo * 2
    ratios = [r for points in relative.values() for _, r in points] + [1.0, x_hi / x_lo]
    y_lo, y_hi = min(ratios) / 1.2, max(ratios) * 1.2
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(n: float) -> float:
        return LEFT + plot_w * math.log(n / x_lo) / math.log(x_hi / x_lo)

    def y(r: float) -> float:
        return TOP + plot_h * (1 - math.log(r / y_lo) / math.log(y_hi / y_lo))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<title>{escape(title)}</title>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="18" font-size="14">{escape(title)}</text>']
    for n in sorted(set(sizes)):  # the measured sizes themselves
        out.append(f'<line x1="{x(n):.1f}" y1="{TOP}" x2="{x(n):.1f}" y2="{TOP + plot_h}" stroke="#ddd"/>')
        out.append(f'<text x="{x(n):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{_label(n)}</text>')
    for r in _ticks(y_lo, y_hi):
        out.append(f'<line x1="{LEFT}" y1="{y(r):.1f}" x2="{LEFT + plot_w}" y2="{y(r):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(r) + 4:.1f}" text-anchor="end">×{r:g}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888"/>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 18}" text-anchor="middle">'
               'articles in the archive (log scale)</text>')
    out.append(f'<text transform="translate(16 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">'
               f'cost ÷ cost at {x_lo:,} articles (log scale)</text>')
    out.append(f'<line x1="{x(x_lo):.1f}" y1="{y(1):.1f}" x2="{x(x_hi):.1f}" y2="{y(x_hi / x_lo):.1f}" '
               'stroke="#444" stroke-dasharray="6 4"><title>grows like the archive</title></line>')
    legend_y = TOP + 10
    out.append(f'<line x1="{WIDTH - RIGHT + 20}" y1="{legend_y}" x2="{WIDTH - RIGHT + 44}" y2="{legend_y}" '
               'stroke="#444" stroke-dasharray="6 4"/>')
    out.append(f'<text x="{WIDTH - RIGHT + 50}" y="{legend_y + 4}">grows like the archive</text>')
    for i, (name, points) in enumerate(relative.items()):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{x(n):.1f},{y(r):.1f}" for n, r in points)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}">'
                   f'<title>{escape(name)}</title></polyline>')
        for n, r in points:
            out.append(f'<circle cx="{x(n):.1f}" cy="{y(r):.1f}" r="3" fill="{colour}"/>')
        ly = legend_y + 20 * (i + 1)
        out.append(f'<line x1="{WIDTH - RIGHT + 20}" y1="{ly}" x2="{WIDTH - RIGHT + 44}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 50}" y="{ly + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
