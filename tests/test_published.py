"""The published numbers of the four papers: complete, typed, and read correctly from the papers."""

from __future__ import annotations

import math
import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from mhtext import STUDIES
from mhtext.published import COLUMNS, _load_folder, lookup, published

HEADER = ",".join(COLUMNS)


def test_every_study_has_rows_and_the_declared_columns():
    frame = published()
    assert list(frame.columns) == list(COLUMNS)
    counts = frame.groupby("study").size()
    assert set(counts.index) == set(STUDIES)
    # Lower bounds from the tables themselves (e.g. A: Table 1 has 4 models x 19 metrics).
    assert counts["valence-transfer"] >= 4 * 19 + 5 * 13
    assert counts["mdi-patterns"] >= 9 + 12 + 18 + 2
    assert counts["distress-triage"] >= 8 + 4 + 3
    assert counts["clpsych-benchmark"] >= 8 * 7 + 28 + 2


def test_order_is_stable_and_follows_the_study_list():
    first = published()
    again = published()
    pd.testing.assert_frame_equal(first, again)
    seen = list(dict.fromkeys(first["study"]))
    assert seen == [s for s in STUDIES if s in seen]


def test_quantities_unique_and_well_formed_per_study():
    frame = published()
    assert not frame.duplicated(["study", "quantity"]).any()
    assert frame["quantity"].str.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)*").all()


def test_types_and_tolerances():
    frame = published()
    assert frame["published"].dtype == float and frame["tolerance"].dtype == float
    assert frame["published"].notna().all()
    tol = frame["tolerance"].dropna()
    assert (tol >= 0).all()
    # Every score, percent and kappa that is meant to be checked has a tolerance of its type's size.
    checked = frame.dropna(subset=["tolerance"])
    assert (checked.loc[checked["unit"] == "percent", "tolerance"] == 5).all()
    assert (checked.loc[checked["unit"] == "kappa", "tolerance"] == 0.1).all()
    # A missing tolerance must be explained.
    unexplained = frame[frame["tolerance"].isna() & (frame["note"].str.len() == 0)]
    assert unexplained.empty, unexplained["quantity"].tolist()


def test_study_a_uses_the_agreed_keys():
    a = published("valence-transfer").set_index("quantity")
    models = ("logreg", "rnn", "rnn_embed", "rnn_full")
    metrics = ["macro_f1", "weighted_f1", "accuracy"] + [
        f"{c}.{m}" for c in ("positive", "negative", "both", "neither") for m in ("precision", "recall", "f1", "auc")
    ]
    for model in models:
        for metric in metrics:
            assert f"table1.{model}.{metric}" in a.index
    table2 = a[a["source"] == "Table 2"]
    assert len(table2) == 65
    assert set(table2.index.str.split(".").str[1]) == {"all", "positive", "negative", "both", "neither"}
    shares = [lookup("valence-transfer", f"data.share.{c}") for c in ("negative", "positive", "neither", "both")]
    assert sum(shares) == pytest.approx(1.0, abs=0.002)


@pytest.mark.parametrize(
    ("study", "quantity", "value"),
    [
        # A, Table 1 and text
        ("valence-transfer", "table1.rnn_full.macro_f1", 0.68),
        ("valence-transfer", "table1.logreg.macro_f1", 0.61),
        ("valence-transfer", "table1.logreg.negative.recall", 0.91),
        ("valence-transfer", "table1.rnn_embed.both.recall", 0.61),
        ("valence-transfer", "table1.rnn.neither.auc", 0.91),
        ("valence-transfer", "table2.all.worried", 446.1),
        ("valence-transfer", "table2.both.likeable", 50.8),
        ("valence-transfer", "table2.neither.have", 13.7),
        ("valence-transfer", "data.n_responses", 3872),
        ("valence-transfer", "data.share.negative", 0.635),
        ("valence-transfer", "data.kappa.a2_a3", 0.67),
        ("valence-transfer", "data.fleiss_kappa", 0.55),
        # B, Tables 5, 7, 8 and BHS timings
        ("mdi-patterns", "table5.sea.precision", 0.79),
        ("mdi-patterns", "table5.sentu.f1", 0.82),
        ("mdi-patterns", "table7.bipolar.identified", 1493),
        ("mdi-patterns", "table7.ocd.accuracy", 90.44),
        ("mdi-patterns", "table8.traveler.prediction_rate", 8.11),
        ("mdi-patterns", "table8.musician.total", 2364),
        ("mdi-patterns", "bhs.linear.seconds_per_user", 0.8),
        ("mdi-patterns", "bhs.hash.seconds_per_user", 0.2),
        ("mdi-patterns", "lda.topics.blogs", 15),
        ("mdi-patterns", "lda.topics.tweets", 20),
        # C, Tables 3, 4 and kappas
        ("distress-triage", "table3.a1.bounded_auc", 0.213),
        ("distress-triage", "table3.a1_a10.overall_auc", 0.6874),
        ("distress-triage", "table4.mln_text_labels_rules.bounded_auc", 0.4515),
        ("distress-triage", "table4.svm_text.bounded_auc", 0.4090),
        ("distress-triage", "kappa.relevant", 0.68),
        ("distress-triage", "kappa.distress_labels", 0.59),
        ("distress-triage", "kappa.triage", 0.71),
        # D, Tables 1, 2 and the 20 reruns
        ("clpsych-benchmark", "table1.gpt_finetuned.autosklearn.test", 0.572),
        ("clpsych-benchmark", "table1.vader.autosklearn.test", 0.263),
        ("clpsych-benchmark", "table1.deepmoji.feature_count", 6912),
        ("clpsych-benchmark", "table1.empath.tpot.reddit", 0.385),
        ("clpsych-benchmark", "table2.use.gpt_default", 0.823),
        ("clpsych-benchmark", "table2.empath.deepmoji", -0.008),
        ("clpsych-benchmark", "runs20.mean", 0.5293),
        ("clpsych-benchmark", "runs20.sd", 0.0348),
    ],
)
def test_spot_checks_against_the_paper_text(study, quantity, value):
    assert lookup(study, quantity) == pytest.approx(value, abs=1e-9)


def test_table_values_agree_with_sums_the_papers_state():
    # Independent checks of the flattened-table reading: the papers state these aggregates.
    d = published("clpsych-benchmark").set_index("quantity")["published"]
    feats = ("empath", "liwc", "vader", "emoji64", "deepmoji", "use", "gpt_default", "gpt_finetuned")
    # The paper prints 0.414 for a mean of 0.4149 (truncated, not rounded), hence 1e-3.
    assert sum(d[f"table1.{f}.autosklearn.test"] for f in feats) / 8 == pytest.approx(0.414, abs=1e-3)
    assert sum(d[f"table1.{f}.tpot.test"] for f in feats) / 8 == pytest.approx(0.379, abs=1e-3)
    b = published("mdi-patterns").set_index("quantity")["published"]
    for disorder in ("anxiety", "bipolar", "depressive", "ocd"):
        ratio = 100 * b[f"table7.{disorder}.identified"] / b[f"table7.{disorder}.total"]
        assert ratio == pytest.approx(b[f"table7.{disorder}.accuracy"], abs=0.01)
    c = published("distress-triage").set_index("quantity")["published"]
    gain = 100 * (c["table3.a1_a10.bounded_auc"] / c["table3.a1.bounded_auc"] - 1)
    assert gain == pytest.approx(c["rationales.relative_improvement"], abs=0.1)


def test_lookup_errors_are_helpful():
    with pytest.raises(KeyError, match="did you mean"):
        lookup("valence-transfer", "table1.rnn_full.macro_f")
    with pytest.raises(ValueError, match="unknown study"):
        published("no-such-study")


# --- the validator, on folders written by the tests ------------------------------------------


def _write(folder: Path, name: str, *rows: str) -> None:
    (folder / name).write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


GOOD = "distress-triage,Table 4,SVM,AUC,table4.svm.auc,0.4,score,0.05,"


def test_folder_loader_reads_main_and_data_files(tmp_path):
    _write(tmp_path, "distress-triage.csv", GOOD)
    _write(tmp_path, "distress-triage-data.csv", "distress-triage,Table 2,Threads,Train,data.threads.train,422,count,,")
    (tmp_path / "README.txt").write_text("not a csv")
    frame = _load_folder(tmp_path)
    assert frame["quantity"].tolist() == ["table4.svm.auc", "data.threads.train"]
    assert math.isnan(frame["tolerance"].iloc[1])


def test_package_folder_loads_from_a_copy(tmp_path):
    # The shipped files pass the validator from any folder, not only through the cache.
    for f in resources.files("mhtext.published").iterdir():
        if f.name.endswith(".csv"):
            shutil.copy(str(f), tmp_path / f.name)
    assert len(_load_folder(tmp_path)) == len(published())


@pytest.mark.parametrize(
    ("name", "rows", "message"),
    [
        ("distress-triage.csv", [GOOD.replace("distress-triage,", "mdi-patterns,", 1)], "differs from the file"),
        ("distress-triage.csv", [GOOD, GOOD], "unique per study"),
        ("distress-triage.csv", [GOOD.replace("0.4,", "n/a,")], "not a number"),
        ("distress-triage.csv", [GOOD.replace("0.05", "-0.05")], "negative"),
        ("distress-triage.csv", [GOOD.replace("table4.svm.auc", "Table4.SVM AUC")], "dotted path"),
        ("distress-triage.csv", [GOOD.replace(",score,", ",,")], "'unit' is empty"),
        ("distress-triage.csv", [GOOD.replace("0.4,", ",")], "not a number"),
        ("triage.csv", [GOOD], "file name"),
    ],
)
def test_validator_rejects_bad_files_naming_file_and_row(tmp_path, name, rows, message):
    _write(tmp_path, name, *rows)
    with pytest.raises(ValueError, match=message) as err:
        _load_folder(tmp_path)
    assert name in str(err.value)
    if name != "triage.csv":
        assert "row " in str(err.value)


def test_validator_rejects_duplicates_across_main_and_data_files(tmp_path):
    _write(tmp_path, "distress-triage.csv", GOOD)
    _write(tmp_path, "distress-triage-data.csv", GOOD)
    with pytest.raises(ValueError, match="distress-triage-data.csv, row 2.*already given at distress-triage.csv"):
        _load_folder(tmp_path)


def test_validator_rejects_a_missing_column(tmp_path):
    (tmp_path / "mdi-patterns.csv").write_text("study,source,row,column,quantity,published,unit,note\n")
    with pytest.raises(ValueError, match=r"mdi-patterns.csv: missing column\(s\) \['tolerance'\]"):
        _load_folder(tmp_path)
