"""matplotlib charts of results; matplotlib is imported only when a chart is drawn."""

from __future__ import annotations

from typing import Any


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(8, 4))
    return ax


def plot_coverage(result: Any, by: str, ax: Any) -> Any:
    """Requested and filled seats side by side per group, the largest request first."""
    table = result.coverage_by(by)
    ax = _axes(ax)
    positions = range(len(table))
    width = 0.4
    ax.bar([x - width / 2 for x in positions], table["requested"], width, label="requested", color="#c8c8c8")
    ax.bar([x + width / 2 for x in positions], table["filled"], width, label="filled", color="#2b7a4b")
    ax.set_xticks(list(positions))
    ax.set_xticklabels([str(i) for i in table.index], rotation=45, ha="right")
    ax.set_ylabel("seats")
    ax.set_title(f"Seats requested and filled by {by}")
    ax.legend()
    ax.figure.tight_layout()
    return ax


def plot_scores(result: Any, ax: Any, bins: int) -> Any:
    ax = _axes(ax)
    ax.hist([p.score for p in result.pairs], bins=bins, color="#2b7a4b")
    ax.set_xlabel("pair score")
    ax.set_ylabel("pairs")
    ax.set_title(f"Scores of the {result.seats_filled} assigned pairs")
    return ax


def plot_comparison(table: Any, metric: str, ax: Any) -> Any:
    numeric = [c for c in table.columns if c != "status"]
    if metric not in numeric:
        raise ValueError(f"metric must be one of {', '.join(numeric)}, not {metric!r}")
    ax = _axes(ax)
    ax.bar([str(i) for i in table.index], table[metric], color="#2b7a4b")
    ax.set_ylabel(metric)
    ax.set_title(f"{metric} by result")
    for label in ax.get_xticklabels():
        label.set_rotation(20)
        label.set_ha("right")
    ax.figure.tight_layout()
    return ax
