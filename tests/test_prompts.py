"""The shipped prompt corpus: clean sentences, disjoint deterministic splits of sane sizes."""

from __future__ import annotations

import pytest

from yuyin.data.prompts import (
    MAX_WORDS,
    MIN_WORDS,
    SOURCES,
    SPLITS,
    asset_path,
    is_clean_prompt,
    load_prompts,
    normalize_prompt,
    prompt_split,
    read_prompt_file,
)

MIN_TRAIN_SENTENCES = 10_000  # per source: both novels and Bible give well over 10k sentences
MIN_HELD_OUT_SENTENCES = 200  # dev and test per source: 2 % of over 15k sentences
TRAIN_SHARE_RANGE = (0.94, 0.98)  # 96 % expected from the hash buckets
MAX_ASSET_BYTES = 3_000_000  # "a few MB at most" shipped in the package


@pytest.mark.parametrize("source", SOURCES)
def test_asset_is_small_and_compressed(source: str) -> None:
    path = asset_path(source)
    assert path.suffix == ".xz"
    assert 0 < path.stat().st_size < MAX_ASSET_BYTES


@pytest.mark.parametrize("source", SOURCES)
def test_splits_are_disjoint_and_sane(source: str) -> None:
    splits = {split: load_prompts(split, source=source) for split in SPLITS}
    keys = {split: {normalize_prompt(s) for s in sentences} for split, sentences in splits.items()}
    assert not keys["train"] & keys["dev"]
    assert not keys["train"] & keys["test"]
    assert not keys["dev"] & keys["test"]
    assert len(splits["train"]) >= MIN_TRAIN_SENTENCES
    assert len(splits["dev"]) >= MIN_HELD_OUT_SENTENCES
    assert len(splits["test"]) >= MIN_HELD_OUT_SENTENCES
    total = sum(len(s) for s in splits.values())
    low, high = TRAIN_SHARE_RANGE
    assert low < len(splits["train"]) / total < high
    for split, sentences in splits.items():
        assert len(keys[split]) == len(sentences), f"duplicates in {source}/{split}"


def test_all_is_the_union_of_sources() -> None:
    for split in SPLITS:
        union = [s for source in SOURCES for s in load_prompts(split, source=source)]
        assert load_prompts(split) == union


def test_every_sentence_is_clean() -> None:
    for source in SOURCES:
        for split in SPLITS:
            for sentence in load_prompts(split, source=source):
                assert is_clean_prompt(sentence), sentence
                assert MIN_WORDS <= len(sentence.split()) <= MAX_WORDS
                assert prompt_split(sentence) == split


def test_split_is_a_stable_hash() -> None:
    # pinned: a change of hash or normalization would silently move sentences across splits
    assert prompt_split("In the beginning God created the heaven and the earth.") == "train"
    assert [prompt_split(s) for s in load_prompts("test")[:50]] == ["test"] * 50
    # the split ignores case and punctuation, so variants of one sentence never straddle splits
    sentence = load_prompts("dev", source="austen")[0]
    assert prompt_split(sentence.upper().rstrip(".!?") + " !") == "dev"
    assert load_prompts("dev") == load_prompts("dev")


def test_load_prompts_returns_a_fresh_list() -> None:
    first = load_prompts("test", source="kjv")
    first.clear()
    assert load_prompts("test", source="kjv")


@pytest.mark.parametrize(
    ("sentence", "clean"),
    [
        ("The quick brown fox jumps.", True),
        ("It's a girls' school, isn't it?", True),
        ("Too short.", False),
        ("He paid 5 pounds for it.", False),
        ("Caf\u00e9 au lait is nice.", False),
        ("Email me at a@b.com today please.", False),
        (" ".join(["word"] * (MAX_WORDS + 1)), False),
    ],
)
def test_is_clean_prompt(sentence: str, clean: bool) -> None:
    assert is_clean_prompt(sentence) is clean


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="split 'validation'"):
        load_prompts("validation")
    with pytest.raises(ValueError, match="source 'shakespeare'"):
        load_prompts("train", source="shakespeare")


def test_normalize_prompt() -> None:
    assert (
        normalize_prompt("Well--'tis Mister Darcy's, isn't it?")
        == "well tis mister darcy's isn't it"
    )


def test_read_prompt_file(tmp_path) -> None:
    path = tmp_path / "prompts.txt"
    path.write_text("  First   sentence here. \n\nSecond one!\n", encoding="utf-8")
    assert read_prompt_file(path) == ["First sentence here.", "Second one!"]
    with pytest.raises(ValueError, match="missing.txt: prompt file not found"):
        read_prompt_file(tmp_path / "missing.txt")
    path.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(ValueError, match="prompts.txt: no sentences"):
        read_prompt_file(path)
    path.write_text("Fine words.\n1234 !!\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"prompts.txt:2: no words"):
        read_prompt_file(path)
    path.write_text("Fine words.\n<noise>\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"prompts.txt:2: no words to say in '<noise>' \(a tag"):
        read_prompt_file(path)
    path.write_bytes(b"\xff\xfe bad")
    with pytest.raises(ValueError, match="prompts.txt: not UTF-8"):
        read_prompt_file(path)
