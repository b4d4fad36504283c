"""Real-format loaders reading local files; importing registers them."""

from mhtext.data.loaders import (  # noqa: F401
    brown,
    clpsych,
    cssrs,
    glove,
    goemotions,
    irf,
    liwc,
    reddit,
    sentiment140,
    tweeteval,
)
