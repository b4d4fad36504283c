"""Why study D cuts long posts before spaCy and long sentences before VADER: both, whole and in pieces, in one run.

A 10,000-word post with no punctuation is one sentence to spaCy. VADER's time grows faster than linearly with a
sentence's length, so :class:`mhtext.features.lexicon_sets.VaderSentences` scores it in pieces of at most
``max_sentence_words`` words. spaCy refuses a document over ``nlp.max_length`` (1,000,000 characters) and its
parser's memory grows with a document's length, so :func:`mhtext.features.sentences.split_sentences` hands it at
most ``max_chars`` characters at a time; that is for memory and the limit, and this measures what it costs or buys
in time (little, either way). The tests check that the pieces are made (tests/test_lexicon_sets.py,
tests/test_sentences.py); this measures the time.
"""

from __future__ import annotations

from benchmarks._common import median_time, write
from mhtext.features import sentences
from mhtext.features.lexicon_sets import VaderSentences

RUN_ON = " ".join(["I", "feel", "very", "sad", "today"] * 2000)  # 10,000 words, no sentence end


def _split(max_chars: int) -> None:
    sentences._memo.clear()  # split_sentences memoises per text: time the parse, not the lookup
    sentences.split_sentences([RUN_ON], max_chars=max_chars)


def main(repeats: int = 3) -> list[dict]:
    whole = VaderSentences(splitter=lambda text: [text], max_sentence_words=None).fit()
    pieces = VaderSentences(splitter=lambda text: [text]).fit()
    vader = {"whole": median_time(lambda: whole.transform([RUN_ON]), repeats=1, warmup=0),
             "pieces_of_100_words": median_time(lambda: pieces.transform([RUN_ON]), repeats=repeats)}
    spacy = {"whole": median_time(lambda: _split(len(RUN_ON)), repeats=repeats),
             f"chunks_of_{sentences.MAX_CHARS}_chars": median_time(lambda: _split(sentences.MAX_CHARS),
                                                                    repeats=repeats)}
    return [write("long_posts_vader", variants=vader, unit="s per post", ratio=("whole", "pieces_of_100_words"),
                  notes="VADER compound/pos/neu/neg of one 10,000-word unpunctuated sentence"),
            write("long_posts_spacy", variants=spacy, unit="s per post",
                  ratio=("whole", f"chunks_of_{sentences.MAX_CHARS}_chars"),
                  notes=f"spaCy parser sentence split of the same post ({len(RUN_ON):,} characters)")]


if __name__ == "__main__":
    main()
