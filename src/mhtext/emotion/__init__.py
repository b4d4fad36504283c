"""Study B's emotion vocabulary: the paper's 21 representative emotions and their Plutchik parents.

The 21 names and the Plutchik family of each are the paper's Table 2 (method knowledge, not data):
every part of study B (lexicon, detection, patterns) speaks in these names.
"""

from __future__ import annotations

PLUTCHIK: dict[str, str] = {
    "joy": "joy", "intimacy": "joy",
    "trust": "trust", "confidence": "trust", "concentration": "trust",
    "anxiety": "fear", "insecurity": "fear", "fear": "fear",
    "surprise": "surprise",
    "sadness": "sadness", "pain": "sadness", "despair": "sadness", "tired": "sadness",
    "shame": "disgust", "disgust": "disgust",
    "anger": "anger", "manic": "anger",
    "passion": "anticipation", "gratitude": "anticipation", "hope": "anticipation", "relaxation": "anticipation",
}
EMOTIONS: tuple[str, ...] = tuple(PLUTCHIK)
DISORDERS: tuple[str, ...] = ("anxiety", "bipolar", "depressive", "ocd")
