"""The privacy guard (mhtext.privacy) and the canary tools of the strong test."""

import gzip
import json

import numpy as np
import pandas as pd
import pytest

from mhtext.data import load
from mhtext.privacy import NOTICE, WITHHELD, Guard, author_counts, find_canaries, plant_canaries
from mhtext.results import PrivacyError, Results

# Five authors; "worry" is used by authors a, b, c; "alone" four times by author d alone;
# "so tired" by a and e (and not by b, whose "also tired" only contains it as characters).
TEXTS = ["I worry a lot, so tired", "worry again", "worry worry", "alone", "alone", "Alone!", "alone again",
         "so, tired today", "also tired", "feeling fine"]
AUTHORS = ["a", "b", "c", "d", "d", "d", "d", "e", "b", "c"]


def test_author_counts_count_distinct_authors_on_token_boundaries():
    counts = author_counts(["worry", "alone", "so tired", "feel", "tired", "!!", None], TEXTS, AUTHORS)
    # "feel" is not in "feeling"; "!!" and None have no tokens, so they count 0 and are never shown.
    assert counts.tolist() == [3, 1, 2, 0, 3, 0, 0]


def test_posts_count_as_authors_when_a_corpus_has_none():
    assert author_counts(["alone", "worry"], TEXTS).tolist() == [4, 3]


def test_terms_keep_only_terms_of_at_least_k_authors():
    table = pd.DataFrame({"word": ["worry", "alone", "so tired", "tired"], "weight": [4.0, 3.0, 2.0, 1.0]})
    kept = Guard(True, k=3).terms(table, "word", TEXTS, AUTHORS)
    assert kept["word"].tolist() == ["worry", "tired"]  # exactly k authors is enough; posts of one author are not
    assert kept.attrs["withheld"] == 2
    assert Guard(True, k=2).terms(table, "word", TEXTS, AUTHORS)["word"].tolist() == ["worry", "so tired", "tired"]
    with pytest.raises(KeyError, match="no column 'term'"):
        Guard(True, k=3).terms(table, "term", TEXTS, AUTHORS)


def test_public_guard_leaves_everything_as_is():
    g = Guard(False, k=3)
    table = pd.DataFrame({"word": ["alone", "zzz"], "text": ["x", "y"]})
    assert g.terms(table, "word", TEXTS, AUTHORS) is table
    assert g.ids(table) is table
    assert g.example("a raw post") == "a raw post"
    assert g.labels(["alone", "zzz"], TEXTS, AUTHORS) == ["alone", "zzz"]


def test_sensitive_guard_withholds_examples_text_columns_and_rare_labels():
    g = Guard(True, k=3)
    assert g.example("a raw post") == NOTICE
    errors = pd.DataFrame({"id": [1, 2], "text": ["raw one", "raw two"], "true": ["a", "b"], "predicted": ["b", "a"]})
    assert g.ids(errors).columns.tolist() == ["id", "true", "predicted"]
    assert g.ids(errors.rename(columns={"text": "body"}), text_cols=["body"]).columns.tolist() == [
        "id", "true", "predicted"]
    with pytest.raises(KeyError, match="not in the list"):
        g.ids(errors, text_cols=["body"])
    assert g.labels(["worry", "alone", "tired"], TEXTS, AUTHORS) == ["worry", WITHHELD, "tired"]


def test_k_must_be_a_positive_integer():
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="positive integer"):
            Guard(True, k=bad)


def test_sensitivity_comes_from_the_cards():
    assert not Guard.for_datasets("sim-cbt-journals").sensitive
    assert not Guard.for_datasets(["goemotions", "tweeteval-sentiment"]).sensitive
    umd = Guard.for_datasets(["sim-cbt-journals", "umd-reddit-suicidality"], k=5)
    assert umd.sensitive and umd.k == 5 and umd.reasons == ("umd-reddit-suicidality: card says sensitive: true",)
    sim = load("sim-cbt-journals", scale=0.02, seed=0)
    assert not Guard.for_datasets(sim).sensitive
    # A frame from no registered data set is a corpus a user brings: sensitive.
    brought = pd.DataFrame({"text": ["my own post"]})
    assert Guard.for_datasets([sim, brought]).sensitive
    assert not Guard.for_datasets(sim.assign(x=1)).sensitive  # a derived frame keeps its data set


def test_a_run_parameter_forces_sensitivity():
    g = Guard.for_datasets("sim-cbt-journals", force_sensitive=True, k=4)
    assert g.sensitive and "force_sensitive" in g.reasons[0]
    assert g.manifest() == {"sensitive": True, "k": 4, "reasons": list(g.reasons)}
    assert "at least 4 distinct authors" in g.describe()


def test_results_refuse_sensitive_data_without_a_sensitive_guard(tmp_path):
    sim = load("sim-cbt-journals", scale=0.02, seed=0)
    res = Results(tmp_path / "s", study="s", params={"seed": 0})
    res.dataset(sim, "target")
    res.table("fine", pd.DataFrame({"text": ["public data: allowed"]}))
    res.dataset(pd.DataFrame({"text": ["a user's corpus"]}), "mine")
    assert res.sensitive
    with pytest.raises(PrivacyError, match="without a sensitive privacy guard"):
        res.write()
    res.use_guard(Guard.for_datasets(sim))  # a public guard does not cover the user's corpus
    with pytest.raises(PrivacyError):
        res.write()
    res.use_guard(Guard.for_datasets(sim, force_sensitive=True, k=7))
    with pytest.raises(PrivacyError, match="raw text column"):
        res.table("errors", pd.DataFrame({"id": [1], "text": ["raw"]}))
    res.table("examples", pd.DataFrame({"id": [1], "text": ["raw"]}).assign(text=lambda d: d["text"].map(res.guard.example)))
    res.write()
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert manifest["privacy"]["sensitive"] is True and manifest["privacy"]["k"] == 7
    assert manifest["datasets"]["mine"]["sensitive"] is True and manifest["datasets"]["target"]["sensitive"] is False


# -- canaries ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def planted():
    df = load("sim-cbt-journals", scale=0.05, seed=0)
    out, canaries = plant_canaries(df, seed=3, n_words=4, n_sentences=3, author_col="user_id")
    return df, out, canaries


def test_canaries_are_unique_rare_words_and_sentences_of_one_author_each(planted):
    df, out, canaries = planted
    assert len(canaries) == 7 and len(set(canaries)) == 7
    words, sentences = canaries[:4], canaries[4:]
    assert all(" " not in w for w in words) and all(s.endswith(".") and s.count(" ") == 4 for s in sentences)
    original = " ".join(df["text"]).lower()
    changed = out["text"] != df["text"]
    assert changed.sum() == 7 and out.loc[changed, "user_id"].nunique() == 7  # one author each
    for c in canaries:
        assert c.lower() not in original
        assert out["text"].str.lower().str.contains(c.lower(), regex=False).sum() == 1
    assert out.drop(columns="text").equals(df.drop(columns="text"))
    assert out.attrs["dataset"] == df.attrs["dataset"] and out.attrs["checksum"] != df.attrs["checksum"]
    again, same = plant_canaries(df, seed=3, n_words=4, n_sentences=3, author_col="user_id")
    assert same == canaries and again.equals(out)
    # The guard withholds every canary token from a word table, even at a small k.
    tokens = [t for c in canaries for t in c.rstrip(".").split()]
    table = pd.DataFrame({"word": tokens + ["i"]})
    assert Guard(True, k=2).terms(table, "word", out["text"], out["user_id"])["word"].tolist() == ["i"]


def test_canaries_go_to_distinct_authors_and_never_repeat_a_corpus_word(planted):
    df, _, canaries = planted
    # Eight authors with twenty posts each: seven canaries must land with seven different authors.
    many = pd.DataFrame({"text": [f"post {i} of the day" for i in range(160)], "author": np.repeat(list("abcdefgh"), 20)})
    out, _ = plant_canaries(many, seed=0, n_words=4, n_sentences=3, author_col="author")
    assert out.loc[out["text"] != many["text"], "author"].nunique() == 7
    # A corpus that already holds the first canary this seed would draw gets a different one.
    holder = df.assign(text=df["text"].where(df.index != 0, df["text"].iloc[0] + " " + canaries[0]))
    _, fresh = plant_canaries(holder, seed=3, n_words=4, n_sentences=3, author_col="user_id")
    assert canaries[0] not in fresh and fresh[0] == canaries[1]


def test_too_few_authors_is_an_error():
    with pytest.raises(ValueError, match="distinct authors"):
        plant_canaries(pd.DataFrame({"text": ["a b", "c d"]}), n_words=2, n_sentences=1)


def test_find_canaries_sees_raw_json_escaped_html_escaped_split_and_compressed(tmp_path, planted):
    _, _, canaries = planted
    word, sentence = canaries[0], canaries[4]
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "table.csv").write_text("word,weight\nworry,1.0\n")
    leaky = tmp_path / "leaky"
    (leaky / "sub").mkdir(parents=True)
    (leaky / "raw.csv").write_text(f"id,text\n1,hello {word} there\n")
    escaped = "".join(f"\\u{ord(ch):04x}" for ch in word)  # \uXXXX escapes, as JSON and JavaScript allow
    (leaky / "sub" / "out.json").write_text('{"data": "' + escaped + '"}')
    (leaky / "searchindex.js").write_text('Search.setIndex({"terms": {"' + escaped + '": 3}})')  # not JSON
    (leaky / "page.html").write_text("<td>" + "".join(f"&#{ord(ch)};" for ch in sentence.upper()) + "</td>")
    lines = [sentence[i:i + 6] for i in range(0, len(sentence), 6)]  # no token whole in any one line
    cells = {"cells": [{"outputs": [{"text": lines}]}]}  # notebooks store outputs as lists of lines
    (leaky / "nb.ipynb").write_text(json.dumps(cells))
    (leaky / "a.txt.gz").write_bytes(gzip.compress(f"a {canaries[1]} b".encode()))
    (leaky / "words.txt").write_text(sentence.split()[2])  # one word of a sentence is a leak of the sentence

    assert find_canaries(clean, canaries) == []
    hits = find_canaries([clean, leaky], canaries)
    by_file = {(p.name, c) for p, c in hits}
    assert {("raw.csv", word), ("out.json", word), ("searchindex.js", word), ("page.html", sentence), ("nb.ipynb", sentence),
            ("a.txt.gz", canaries[1]), ("words.txt", sentence)} == by_file
    with pytest.raises(FileNotFoundError, match="does not exist"):
        find_canaries(tmp_path / "nope", canaries)


def test_find_canaries_on_binary_files_does_not_crash(tmp_path):
    (tmp_path / "x.npy").write_bytes(np.arange(100, dtype=np.int64).tobytes() + b"\xff\xfe zqbcd")
    assert find_canaries(tmp_path, ["zqbcd"]) == [(tmp_path / "x.npy", "zqbcd")]
