"""One seaborn theme for every figure, and the few figure helpers the chapters share."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

PALETTE = "colorblind"


def set_theme() -> None:
    """The project's figure style (call once at the top of a notebook)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    plt.rcParams.update({"figure.dpi": 100, "savefig.bbox": "tight", "axes.titleweight": "bold"})


def word_count_distribution(texts: dict[str, pd.Series], *, max_words: int = 80, ax=None):
    """Histogram of words per text for several corpora (paper A's Figure 3)."""
    rows = [pd.DataFrame({"words": s.astype(str).str.split().str.len(), "corpus": name}) for name, s in texts.items()]
    df = pd.concat(rows, ignore_index=True)
    df = df[df["words"] <= max_words]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    sns.histplot(df, x="words", hue="corpus", stat="density", common_norm=False, discrete=True, element="step", ax=ax)
    ax.set_xlabel("words per text")
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1.02, 1))  # off the data
    return ax


def share_bars(stats: pd.DataFrame, *, x: str, y: str, hue: str, ax=None, title: str = ""):
    """Grouped bars, e.g. class shares of a simulated corpus beside the paper's."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.2))
    sns.barplot(stats, x=x, y=y, hue=hue, ax=ax)
    ax.set_title(title)
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1.02, 1))  # off the data
    return ax
