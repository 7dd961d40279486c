"""Draws bench/ratios.png: each implementation's figure as a ratio of the mio floor
(for channel_vs_yield: a channel round trip's rate against a bare yield/resume
round trip's, the floor of any hand-off between two coroutines).

Usage: python3 bench/chart.py results.tsv out.png
results.tsv lines: implementation <TAB> workload <TAB> value
"""
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
values = defaultdict(dict)
for impl, workload, value in rows:
    values[workload][impl] = float(value)
workloads = list(values)
impls = [i for i in ("cosocket", "stream_select") if any(i in values[w] for w in workloads)]

fig, ax = plt.subplots(figsize=(8, 4.2), dpi=100)
width = 0.38
for n, impl in enumerate(impls):
    # Only the workloads this implementation ran (stream_select has no channels).
    shown = [(i, values[w][impl] / values[w]["floor"]) for i, w in enumerate(workloads) if impl in values[w]]
    xs = [i + (n - (len(impls) - 1) / 2) * width for i, _ in shown]
    ratios = [r for _, r in shown]
    ax.bar(xs, ratios, width, label=impl, color=f"C{n}")
    for x, r in zip(xs, ratios):
        ax.text(x, r + 0.01, f"{r:.2f}", ha="center", va="bottom", fontsize=8)
ax.axhline(1.0, color="black", linewidth=0.8)
ax.axhline(0.85, color="grey", linewidth=0.8, linestyle="--", label="0.85 × floor (target)")
ax.set_xticks(range(len(workloads)), workloads)
ax.set_ylabel("ratio to the floor")
ax.set_title("cosocket and PHP stream_select vs the floor (higher is better)")
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()
fig.savefig(sys.argv[2])
