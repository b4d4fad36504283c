"""The data layer: one road for data, real or simulated (house style, convention 4)."""

from mhtext.data.registry import (
    Card,
    ChecksumError,
    DatasetNotFoundError,
    card,
    cards,
    load,
    names,
)

__all__ = ["Card", "ChecksumError", "DatasetNotFoundError", "card", "cards", "load", "names"]
