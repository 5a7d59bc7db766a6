"""A linear ranker over groups of alternatives: which one of a few is right (numpy only).

Each group is the alternatives for one choice (the contents proposed for one statement);
the model scores each alternative by the sum of its features' weights and the group's
choice is the top-scoring one. Fitted by the conditional (softmax-within-group) log loss,
with L2, by full-batch Adam: the probability of the right alternatives among their group's.
A group may have several right alternatives (two spans equal after trimming); a group with
none teaches nothing and is left out by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from annotator.nlp.learned.logistic import Rows, SparseRows


def fit_groups(
    rows: Rows,
    labels: Sequence[bool],
    groups: Sequence[int],
    n_features: int,
    *,
    l2: float = 1e-3,
    steps: int = 300,
    learning_rate: float = 0.05,
) -> np.ndarray:
    """Weights minimising the mean over groups of -log P(a right alternative) + l2/2 |w|².

    `groups[i]` numbers the group of row i; groups are numbered 0..G-1.
    """
    x = SparseRows(rows)
    y = np.asarray(labels, dtype=np.float64)
    g = np.asarray(groups, dtype=np.int64)
    n_groups = int(g.max()) + 1 if len(g) else 0
    w = np.zeros(n_features)
    m, v = np.zeros_like(w), np.zeros_like(w)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        p = group_softmax(x.dot(w), g, n_groups)
        right = np.bincount(g, weights=p * y, minlength=n_groups)
        q = np.where(y > 0, p / np.maximum(right[g], 1e-12), 0.0)
        gradient = x.transpose_dot(p - q, n_features) / max(n_groups, 1) + l2 * w
        m = beta1 * m + (1 - beta1) * gradient
        v = beta2 * v + (1 - beta2) * gradient**2
        w -= learning_rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return w


def group_softmax(scores: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """The softmax of `scores` within each group."""
    top = np.full(n_groups, -np.inf)
    np.maximum.at(top, groups, scores)
    e = np.exp(scores - top[groups])
    return e / np.bincount(groups, weights=e, minlength=n_groups)[groups]
