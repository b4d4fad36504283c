"""Real-format loaders reading local files; importing registers them."""

from mhtext.data.loaders import (  # noqa: F401
    clpsych,
    glove,
    goemotions,
    liwc,
    reddit,
    sentiment140,
    tweeteval,
    user_texts,
)
