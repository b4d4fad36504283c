"""mhtext: reproducible studies of four mental-health NLP papers."""

__version__ = "0.1.0"

#: Study slugs, fixed across the project (house style, convention 9).
STUDIES = ("valence-transfer", "mdi-patterns", "distress-triage", "clpsych-benchmark")
