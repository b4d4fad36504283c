"""Markov logic networks (Richardson & Domingos 2006), small and numpy-based, for study C's triage.

``syntax`` reads rule files in Alchemy's syntax, ``network`` grounds them over an evidence ``Database``,
``inference`` computes marginals (closed form, enumeration, MC-SAT) and MAP states (MaxWalkSAT),
``learning`` fits weights by maximising the conditional likelihood, and ``triage.TriageMLN`` wraps it all
as a scikit-learn style estimator.

Examples
--------
>>> from mhtext.mln import Database, TriageMLN
>>> rules = '''
... hasSymptom(author, label)
... triage(author)
... hasSymptom(p, "Sleep problems") => triage(p)
... triage(p)
... '''
>>> db = Database().add("hasSymptom", "a1", "Sleep problems").add_constants("author", ["a1", "a2"])
>>> model = TriageMLN(rules).fit(db, {"a1": True, "a2": False})
>>> model.predict_proba(db).shape
(2, 2)
"""

from mhtext.mln.inference import (
    Expectations,
    enumerate_expectations,
    independent_expectations,
    map_by_enumeration,
    maxwalksat,
    mcsat,
)
from mhtext.mln.learning import conditional_log_likelihood, fit_independent, fit_sampled
from mhtext.mln.network import Database, GroundNetwork, ground, to_cnf
from mhtext.mln.syntax import MLNSyntaxError, Program, format_formula, parse_formula, parse_program
from mhtext.mln.triage import TriageMLN

__all__ = ["Database", "Expectations", "GroundNetwork", "MLNSyntaxError", "Program", "TriageMLN",
           "conditional_log_likelihood", "enumerate_expectations", "fit_independent", "fit_sampled",
           "format_formula", "ground", "independent_expectations", "map_by_enumeration", "maxwalksat", "mcsat",
           "parse_formula", "parse_program", "to_cnf"]
