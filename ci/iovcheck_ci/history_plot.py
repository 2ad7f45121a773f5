"""Draws artifacts/history.svg from artifacts/history.jsonl: line coverage of
core/ (and branch coverage) over the nightly runs in the top panel, corpus
size per target in the bottom panel.  Standard library only.

Usage: PYTHONPATH=ci python3 -m iovcheck_ci.history_plot HISTORY.jsonl OUT.svg
"""
import json
import os
from xml.sax.saxutils import escape

from . import cli

WIDTH, PANEL_H, MARGIN_L, MARGIN_R, MARGIN_T, GAP = 860, 230, 70, 190, 40, 70
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf", "#7f7f7f", "#bcbd22"]


def read_history(path):
    runs = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    runs.append(json.loads(line))
                except ValueError:
                    continue  # a line cut short by a killed run is skipped, not fatal
    return runs


def _nice_max(value):
    if value <= 0:
        return 1
    for exp in range(0, 12):
        for step in (1, 2, 5):
            candidate = step * 10 ** exp
            if candidate >= value:
                return candidate
    return value


def _panel(out, top, title, series, y_max, y_label, labels):
    """series: list of (name, [value or None per run])."""
    plot_w = WIDTH - MARGIN_L - MARGIN_R
    n = len(labels)

    def x(i):
        return MARGIN_L + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return top + PANEL_H - PANEL_H * v / y_max

    out.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (MARGIN_L, top - 12,
                                                                        escape(title)))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' % (
        MARGIN_L, top, plot_w, PANEL_H))
    for k in range(5):
        v = y_max * k / 4
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/>' % (
            MARGIN_L, y(v), MARGIN_L + plot_w, y(v)))
        out.append('<text x="%d" y="%.1f" text-anchor="end" font-size="11">%g</text>' % (
            MARGIN_L - 6, y(v) + 4, round(v, 1)))
    out.append('<text x="16" y="%d" font-size="11" transform="rotate(-90 16 %d)" '
               'text-anchor="middle">%s</text>' % (top + PANEL_H // 2, top + PANEL_H // 2,
                                                   escape(y_label)))
    every = max(1, n // 8)
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            out.append('<text x="%.1f" y="%d" font-size="10" text-anchor="middle">%s</text>' % (
                x(i), top + PANEL_H + 14, escape(label)))
    for k, (name, values) in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
                colour, " ".join("%.1f,%.1f" % p for p in points)))
        for px, py in points:
            out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (px, py, colour))
        ly = top + 14 + 16 * k
        out.append('<rect x="%d" y="%d" width="12" height="4" fill="%s"/>' % (
            MARGIN_L + plot_w + 12, ly - 5, colour))
        out.append('<text x="%d" y="%d" font-size="11">%s</text>' % (
            MARGIN_L + plot_w + 30, ly, escape(name)))


def render(runs):
    labels = [r.get("run") or r.get("date", "?") for r in runs]
    out = []
    height = MARGIN_T + 2 * PANEL_H + GAP + 40
    out.append('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
               'font-family="sans-serif" font-size="13">' % (WIDTH, height))
    out.append('<rect width="100%" height="100%" fill="white"/>')
    if not runs:
        out.append('<text x="20" y="40">no nightly runs recorded yet</text></svg>')
        return "\n".join(out)
    coverage = [("core lines %", [r.get("core_lines") for r in runs]),
                ("core branches %", [r.get("core_branches") for r in runs])]
    _panel(out, MARGIN_T, "Coverage of core/ by the corpus", coverage, 100, "percent", labels)
    targets = sorted({t for r in runs for t in (r.get("corpus") or {})})
    sizes = [(t, [(r.get("corpus") or {}).get(t) for r in runs]) for t in targets]
    biggest = max([v for _, vs in sizes for v in vs if v is not None] or [1])
    _panel(out, MARGIN_T + PANEL_H + GAP, "Corpus size (files in corpus/<name>/)", sizes,
           _nice_max(biggest), "files", labels)
    out.append("</svg>")
    return "\n".join(out)


def write_svg(history_path, svg_path):
    svg = render(read_history(history_path))
    tmp = svg_path + ".tmp"
    with open(tmp, "w") as f:
        f.write(svg + "\n")
    os.replace(tmp, svg_path)


def main(argv):
    if len(argv) != 2:
        raise cli.UsageError("usage: history_plot HISTORY.jsonl OUT.svg")
    cli.readable_file(argv[0], "history file")
    write_svg(argv[0], argv[1])
    return cli.OK


if __name__ == "__main__":
    cli.run_tool("history_plot", main)
