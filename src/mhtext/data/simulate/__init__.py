"""Simulated corpora, one module per study; importing registers them.

The simulated corpora are the project's embedded default: every chapter runs on them anywhere.
They are worth something only if they encode the *mechanism* a paper argues about and leave the
method to find it through noise. Every simulator here follows five rules, and the tests check them:

1. **Corpus statistics and baselines only.** A simulator may use a paper's corpus statistics
   (sizes, class shares, lengths, agreement) and may be calibrated so that a *baseline* lands near
   its published number. It never reads, and is never tuned toward, a number or output produced by
   a method the paper proposes or compares (attention words, identified shares, a rule system's
   verdicts, a classifier's predictions).
2. **A latent mechanism, not a written label.** The signal is a latent state (valence, disorder
   dynamics, severity, risk) expressed through noisy, ambiguous, compositional text; the label is
   never a fixed phrase the method can read back.
3. **Independent open lexicons.** Word lists come from lexicons shipped here (VADER, NRC, AFINN,
   WordNet, Empath, the General Inquirer), picked by a documented rule that does not look at the
   papers' result tables.
4. **Held-out phrasing.** Sentences a model is tested on are not verbatim in anything it, or a
   language model, is trained on.
5. **Cards say what is planted.** Each card's ``planted``, ``not_planted`` and ``calibrated`` fields
   say what the generator plants, what it deliberately does not, and which knob was calibrated
   toward which baseline's published number.

What the four share (seeded draws, slot filling, exact allocation, scale checks, data files, the
statistics and audit schemas) is in :mod:`~mhtext.data.simulate.engine`; the trivial shortcuts each
corpus is audited against are in :mod:`~mhtext.data.simulate.audit`. Templates and word pools are
data files in ``templates/``.
"""

from mhtext.data.simulate import clpsych, distress, mdi, valence  # noqa: F401
