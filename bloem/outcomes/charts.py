"""Progress charts as SVG, drawn server-side with matplotlib (no pyplot: its global state is
not safe in a web server). The SVG is served as an <img> by its own view and carries no
<script> and no <style> (the strict content security policy); the numbers are also on the
page as a table for screen readers."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("svg")

from matplotlib.figure import Figure  # noqa: E402

from .selectors import Progress  # noqa: E402

LINE = "#1f5f8b"
CUTOFF = "#b3261e"
STYLE = re.compile(rb"<style[^>]*>.*?</style>", re.DOTALL)
METADATA = re.compile(rb"<metadata>.*?</metadata>", re.DOTALL)


def progress_svg(progress: Progress, *, cutoff_label: str, title: str) -> bytes:
    figure = Figure(figsize=(6.4, 3.0), dpi=100)
    axes = figure.add_subplot()
    days = [p.day for p in progress.points]
    totals = [p.total for p in progress.points]
    axes.plot(days, totals, marker="o", color=LINE, linewidth=2)
    for point in progress.points:
        axes.annotate(f"{point.moment_label.split(' ')[0]}: {point.total:g}",
                      (point.day, point.total), textcoords="offset points", xytext=(0, 8),
                      ha="center", fontsize=8)
    low, high = (progress.instrument.total_range() if progress.instrument
                 else (0, max(totals) if totals else 1))
    if progress.cutoff is not None:
        axes.axhline(progress.cutoff, color=CUTOFF, linestyle="--", linewidth=1.5)
        axes.annotate(cutoff_label, (0.01, progress.cutoff), xycoords=("axes fraction", "data"),
                      textcoords="offset points", xytext=(0, 3), color=CUTOFF, fontsize=8)
    axes.set_ylim(low, high + (high - low) * 0.12)
    axes.set_title(title, fontsize=10)
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return METADATA.sub(b"", STYLE.sub(b"", buffer.getvalue()))
