import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def shared_data():
    """The folder of real public corpora (GoEmotions, TweetEval), or skip when absent."""
    from mhtext import paths

    path = paths.data_dir()
    if not (path / "goemotions").exists():
        pytest.skip(f"real data not found under {path}; set MHTEXT_DATA_DIR")
    return path
