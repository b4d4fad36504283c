"""Linear baselines as scikit-learn pipelines."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from mhtext.text import clean_text


def tfidf_logreg(*, C: float = 1.0, ngram_range: tuple[int, int] = (1, 1), class_weight: str | None = None,
                 random_state: int = 0) -> Pipeline:
    """Paper A's single-domain linear baseline: tf-idf bag of words + logistic regression."""
    return Pipeline([
        ("tfidf", TfidfVectorizer(preprocessor=clean_text, ngram_range=ngram_range, sublinear_tf=True)),
        ("clf", LogisticRegression(C=C, max_iter=2000, class_weight=class_weight, random_state=random_state)),
    ])


def encoder_logreg(encoder, *, C: float = 1.0, random_state: int = 0) -> Pipeline:
    """Logistic regression on a sentence encoder's embeddings (the modern reference row)."""
    return Pipeline([("encode", encoder),
                     ("clf", LogisticRegression(C=C, max_iter=2000, random_state=random_state))])
