"""Simulated corpora, one module per study; importing registers them."""

from mhtext.data.simulate import clpsych, distress, mdi, valence  # noqa: F401
