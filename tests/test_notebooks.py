"""Every notebook, executed with the smoke profile through the runner the Makefile uses; then the book.

Marked ``notebooks`` and ``book`` (both run by `make test`). The session fixtures ``smoke_run`` and ``built_book``
(tests/conftest.py) write into a temporary copy of the results and book folders, so a developer's own results are
left alone; the browser check of the built book is in tests/test_book_browser.py.
"""

import json
import re

import pytest

from mhtext import runner, scorecard


@pytest.mark.notebooks
def test_every_notebook_runs_and_writes_results(smoke_run):
    results, book = smoke_run
    for study in runner.available_studies():
        nb = book / "notebooks" / f"{runner.CHAPTERS[study]}.ipynb"
        assert nb.exists(), f"no executed copy of {study}"
        metrics = json.loads((results / study / "metrics.json").read_text())
        manifest = json.loads((results / study / "manifest.json").read_text())
        assert metrics, f"{study} wrote no metrics"
        assert manifest["profile"] == "smoke" and manifest["runner"]["wall_s"] > 0
    card = (results / "scorecard.csv")
    assert card.exists()
    header = card.read_text().splitlines()[0].split(",")
    assert header[: len(scorecard.COLUMNS)] == scorecard.COLUMNS


@pytest.mark.notebooks
def test_study_a_headline_numbers_are_recorded(smoke_run):
    results, _ = smoke_run
    metrics = json.loads((results / "valence-transfer" / "metrics.json").read_text())
    for model in ("logreg", "rnn", "rnn_embed", "rnn_full"):
        for q in ("macro_f1", "weighted_f1", "accuracy", "negative.auc", "both.recall"):
            assert 0.0 <= metrics[f"table1.{model}.{q}"] <= 1.0
    figures = {p.name for p in (results / "valence-transfer" / "figures").iterdir()}
    assert {"figure3-word-counts.png", "figure4-roc.png", "gap-sweep.png", "trajectories.png",
            "target-size-benefit.png", "paired-differences.png"} <= figures


@pytest.mark.notebooks
def test_study_a_claims_and_scorecard_basis(smoke_run):
    import pandas as pd

    from mhtext.claims import COLUMNS
    from mhtext.evaluate.compare import VERDICTS

    results, _ = smoke_run
    found = pd.read_csv(results / "valence-transfer" / "claims.csv")
    assert tuple(found.columns) == COLUMNS and list(found["claim_id"]) == ["A1", "A2", "A3", "A4", "A5"]
    assert set(found["verdict"]) <= set(VERDICTS)
    decided = found[found["verdict"].isin(["holds", "does not hold"])]
    assert decided[["ci_low", "ci_high"]].notna().all().all()
    card = pd.read_csv(results / "scorecard.csv")
    a = card[(card["study"] == "valence-transfer") & card["reproduced"].notna()].set_index("quantity")
    assert a.loc["table1.logreg.macro_f1", "basis"] == "calibrated"
    assert a.loc["table1.rnn_full.macro_f1", "basis"] == "reproduced"
    corpus = card[(card["study"] != "valence-transfer") & card["reproduced"].notna()
                  & card["quantity"].str.startswith("corpus.")]
    assert len(corpus) and set(corpus["basis"]) <= {"by construction", "calibrated"}
    # Corpus statistics built in or calibrated are not counted as reproductions.
    summary = scorecard.summary(scorecard.build(results))
    assert (summary.loc[["clpsych-benchmark"], "reproduced"] > 0).all()
    assert (summary.loc[["mdi-patterns", "distress-triage", "clpsych-benchmark"], "by construction or calibrated"] > 0).all()


@pytest.mark.notebooks
def test_study_b_claims_tables_and_basis(smoke_run):
    import pandas as pd

    results, _ = smoke_run
    found = pd.read_csv(results / "mdi-patterns" / "claims.csv")
    assert list(found["claim_id"]) == ["B1", "B2", "B3", "B4"]
    metrics = json.loads((results / "mdi-patterns" / "metrics.json").read_text())
    for d in ("anxiety", "bipolar", "depressive", "ocd"):
        assert 0 <= metrics[f"table7.{d}.accuracy"] <= 100 and metrics[f"table7.{d}.total"] > 0
    for o in ("waiter", "reporter", "engineer", "traveler", "comedian", "musician"):
        assert 0 <= metrics[f"table8.{o}.prediction_rate"] <= 100
    assert 0 <= metrics["table5.sea.f1"] <= 1 and 0 <= metrics["table5.lstm.f1"] <= 1
    assert not any("seconds" in k for k in metrics), "timings belong in the manifest, not metrics.json"
    card = pd.read_csv(results / "scorecard.csv")
    b = card[(card["study"] == "mdi-patterns") & card["reproduced"].notna()].set_index("quantity")
    assert b.loc["table7.ocd.total", "basis"] == "by construction"
    assert b.loc["table7.ocd.accuracy", "basis"] == "reproduced"
    figures = {p.name for p in (results / "mdi-patterns" / "figures").iterdir()}
    assert {"figure6-statuses.png", "figure7-occupation-disorders.png"} <= figures


@pytest.mark.notebooks
def test_study_c_claims_tables_and_basis(smoke_run):
    import pandas as pd

    results, _ = smoke_run
    found = pd.read_csv(results / "distress-triage" / "claims.csv")
    assert list(found["claim_id"]) == ["C1", "C2", "C3", "C4", "C5"]
    metrics = json.loads((results / "distress-triage" / "metrics.json").read_text())
    for row in ("a1", "a1_a5", "a1_a9", "a1_a10"):
        assert 0 <= metrics[f"table3.{row}.bounded_auc"] <= 1
    for k in ("svm_text", "svm_text_labels", "mln_text", "mln_text_labels_rules"):
        assert 0 <= metrics[f"table4.{k}.bounded_auc"] <= 1
    card = pd.read_csv(results / "scorecard.csv")
    c = card[(card["study"] == "distress-triage") & card["reproduced"].notna()].set_index("quantity")
    assert c.loc["kappa.relevant", "basis"] == "calibrated" and c.loc["table3.a1.bounded_auc", "basis"] == "reproduced"
    figures = {p.name for p in (results / "distress-triage" / "figures").iterdir()}
    assert {"figure3-per-label.png", "figure4-triage-roc.png"} <= figures


@pytest.mark.notebooks
def test_study_d_claims_tables_and_basis(smoke_run):
    import pandas as pd

    from mhtext.studies.clpsych_benchmark import PAPER_SETS, SETS

    results, _ = smoke_run
    found = pd.read_csv(results / "clpsych-benchmark" / "claims.csv")
    assert list(found["claim_id"]) == ["D1", "D2", "D3", "D4", "D5", "D6"]
    metrics = json.loads((results / "clpsych-benchmark" / "metrics.json").read_text())
    for s in SETS:
        for tool in ("tpot", "autosklearn"):
            assert 0 <= metrics[f"table1.{s}.{tool}.test"] <= 1 and 0 <= metrics[f"table1.{s}.{tool}.reddit"] <= 1
    assert 0.2 < metrics["reddit_baseline.mean_macro_f1"] < metrics["reddit_baseline.threshold"] < 1
    assert len([k for k in metrics if k.startswith("table2.")]) == len(SETS) * (len(SETS) - 1) // 2
    card = pd.read_csv(results / "scorecard.csv")
    d = card[(card["study"] == "clpsych-benchmark") & card["reproduced"].notna()].set_index("quantity")
    assert d.loc["table1.gpt_finetuned.autosklearn.test", "basis"] == "reproduced"
    assert len(d[d.index.str.startswith("table1.") & d.index.str.endswith(".test")]) == 2 * len(PAPER_SETS)
    out = results / "clpsych-benchmark"
    figures = {p.name for p in (out / "figures").iterdir()}
    assert {"figure1-confusion.png", "figure2-finetune-sizes.png", "table2-mantel.png",
            "figure3-emoji-violins.png"} <= figures
    html = (out / "figure4-quotes.html").read_text()
    assert html.count("<tr>") == 10  # the ten composite quotes


@pytest.mark.book
def test_book_builds_strict_with_every_chapter_and_figure(built_book):
    html = built_book
    assert (html / "intro.html").exists()
    for study in runner.available_studies():
        page = html / "notebooks" / f"{runner.CHAPTERS[study]}.html"
        assert page.exists(), f"no page for {study}"
        text = page.read_text()
        assert "<img" in text, f"{study}: no figure embedded"
        assert "Traceback" not in text, f"{study}: a traceback is shown"
        assert "injected-parameters" not in text and "tag_hide-input" in text, f"{study}: code not folded"
    a_page = (html / "notebooks" / f"{runner.CHAPTERS['valence-transfer']}.html").read_text()
    what_we_found = a_page[a_page.index('id="what-we-found"'):a_page.index('id="what-the-paper-claims"')]
    assert "A1" in what_we_found and "A5" in what_we_found, "the claims table is not at the top of study A"
    for page in html.rglob("*.html"):
        text = page.read_text()
        remote = re.findall(r'<script[^>]+src="https?://[^"]+"|<link[^>]+href="https?://[^"]+\.css"', text)
        assert not remote, f"{page}: loads remote resources {remote}"
        assert text.count("const THEBE_JS_URL") <= 1, f"{page}: thebe config written twice"
