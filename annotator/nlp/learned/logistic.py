"""A small L2-regularised logistic regression over sparse binary features, in numpy.

The statement filter's model: a few thousand named features, fitted by full-batch gradient
descent (Adam) in a second or two on a few ten thousand candidates, deterministic for a
given input. Its outputs are probabilities; logistic regression fitted by log loss is
close to calibrated on data like its training data (checked on held-out data by the trainer).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

#: Row-major sparse rows: the feature indices of one example.
Rows = Sequence[Sequence[int]]


class SparseRows:
    """Binary feature rows packed as index and offset arrays (a CSR matrix of ones)."""

    def __init__(self, rows: Rows) -> None:
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        every = itertools.chain.from_iterable(rows)  # a generator per index costs more
        self.indices = np.fromiter(every, dtype=np.int64, count=int(lengths.sum()))
        self.owners = np.repeat(np.arange(len(rows)), lengths)
        self.n_rows = len(rows)

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """The product of the rows with a weight vector: one sum per row."""
        return np.bincount(self.owners, weights=weights[self.indices], minlength=self.n_rows)

    def transpose_dot(self, values: np.ndarray, size: int) -> np.ndarray:
        """Each feature's sum of `values` over the rows that have it."""
        return np.bincount(self.indices, weights=values[self.owners], minlength=size)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def fit(
    rows: Rows,
    labels: Sequence[bool],
    n_features: int,
    *,
    l2: float = 1e-3,
    steps: int = 400,
    learning_rate: float = 0.05,
) -> tuple[np.ndarray, float]:
    """Weights and bias minimising mean log loss + `l2`/2 · |w|² (Adam, full batch)."""
    x = SparseRows(rows)
    y = np.asarray(labels, dtype=np.float64)
    w = np.zeros(n_features)
    b = float(np.log((y.mean() + 1e-6) / (1 - y.mean() + 1e-6))) if len(y) else 0.0
    m_w, v_w = np.zeros_like(w), np.zeros_like(w)
    m_b = v_b = 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    n = max(len(y), 1)
    for step in range(1, steps + 1):
        error = sigmoid(x.dot(w) + b) - y
        g_w = x.transpose_dot(error, n_features) / n + l2 * w
        g_b = float(error.mean()) if len(y) else 0.0
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w**2
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b**2
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        w -= learning_rate * (m_w / correction1) / (np.sqrt(v_w / correction2) + eps)
        b -= learning_rate * (m_b / correction1) / (np.sqrt(v_b / correction2) + eps)
    return w, b


def predict(rows: Rows, weights: np.ndarray, bias: float) -> np.ndarray:
    """The probability of the positive class for each row."""
    if not rows:
        return np.zeros(0)
    return sigmoid(SparseRows(rows).dot(weights) + bias)


# The named features of the learned parts (filter, cue proposer, span chooser's rankers):
# one vocabulary, rows of indices into it, and the weights saved under the features' names.


def vocabulary_of(feature_lists: Iterable[Iterable[str]], min_count: int) -> dict[str, int]:
    """The features seen at least `min_count` times, numbered in name order."""
    counts: dict[str, int] = {}
    for features in feature_lists:
        for name in features:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= min_count)
    return {name: i for i, name in enumerate(names)}


def feature_row(vocabulary: dict[str, int], features: Iterable[str]) -> list[int]:
    """The indices of `features` in `vocabulary` (features it does not know are left out)."""
    return [i for i in map(vocabulary.get, features) if i is not None]


def weights_to_dict(vocabulary: dict[str, int], weights: np.ndarray) -> dict[str, list]:
    """The weights as JSON: each under its feature's name, rounded to six decimals."""
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    return {"features": names, "weights": rounded(weights)}


def rounded(weights: np.ndarray) -> list[float]:
    """Weights as JSON numbers, rounded to six decimals."""
    return [round(float(w), 6) for w in weights]


#: The file a learned component's model is saved in, inside its folder of the pipeline.
MODEL_FILE = "model.json"


def write_model(folder: str | Path, model: dict) -> None:
    """Save a learned component's model (plain JSON) into its folder of a pipeline."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MODEL_FILE).write_text(json.dumps(model), encoding="utf-8")


def read_model(folder: str | Path) -> dict:
    """The model `write_model` saved into `folder`."""
    return json.loads((Path(folder) / MODEL_FILE).read_text(encoding="utf-8"))


def weights_from_dict(data: dict) -> tuple[dict[str, int], np.ndarray]:
    """The inverse of `weights_to_dict`: the vocabulary and the weight vector."""
    vocabulary = {name: i for i, name in enumerate(data["features"])}
    return vocabulary, np.asarray(data["weights"], dtype=np.float64)
