import numpy as np
import pytest

from mhtext.text import Vocabulary, clean_text, pad_batch, tokenize, validate_texts


def test_clean_text_follows_the_paper():
    raw = "@bob I DIDN'T like it!!! see http://t.co/x1 www.a.com ok"
    assert clean_text(raw) == "i didnt like it see ok"


def test_validate_texts_names_bad_items():
    with pytest.raises(TypeError, match="item 1 is float"):
        validate_texts(["ok", float("nan")])
    with pytest.raises(ValueError, match=r"positions \[1, 2\]"):
        validate_texts(["ok", "  ", ""])


def test_vocabulary_order_unknown_and_empty():
    v = Vocabulary.build([["b", "a", "b"], ["c"]], min_count=1)
    assert v.itos[:2] == ["<pad>", "<unk>"] and v.itos[2] == "b"
    assert v.encode(["a", "zzz"], max_len=5) == [v.stoi["a"], 1]
    assert v.encode([], max_len=5) == [1]  # no known word -> a single <unk>
    assert v.coverage([["a", "zzz"]]) == 0.5


def test_pad_batch():
    ids, lengths = pad_batch([[3, 4, 5], [6]], multiple=4)
    assert ids.tolist() == [[3, 4, 5, 0], [6, 0, 0, 0]] and lengths.tolist() == [3, 1]
    assert ids.dtype == np.int64


def test_tokenize_roundtrip():
    assert tokenize("I'm   fine.") == ["im", "fine"]
