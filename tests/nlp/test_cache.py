"""The token cache: reused when nothing changed, recomputed when the text, the language or the
NLP version changes, robust to damaged files and to folders that cannot be written."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from interview_analysis.base.progress import progress
from interview_analysis.errors import CacheDamaged
from interview_analysis.nlp import tokens as nlp_index
from interview_analysis.nlp.index import build_index
from interview_analysis.nlp.lemmas import _simplemma_module, _SortedLexicon, simplemma
from interview_analysis.nlp.pipeline import tokenize
from interview_analysis.nlp.tokens import TokenCache, document_tokens

ARRAYS = ("form_id", "doc", "start", "end", "passage", "sentence")
# Long enough for a token file of its own (see MIN_CACHED_CHARS).
H1 = ("Haastattelija: Mitä kanavia käytätte?\n\nH1: Sähköposti on paras. Puhelimella soitan "
      "vain kiireellisissä asioissa.\n") * 30
H2 = ("Haastattelija: Entä yhteyshenkilö?\n\nH2: Sama henkilö olisi hyvä. Nimetty "
      "yhteyshenkilö auttaa.\n") * 30


def _passages(texts: dict[str, str]) -> pd.DataFrame:
    """One passage per non-empty line (enough to exercise the passage mapping)."""
    rows = []
    for doc, text in texts.items():
        start = 0
        for line in text.split("\n"):
            if line.strip():
                rows.append({"document": doc, "start": start, "end": start + len(line)})
            start += len(line) + 1
    return pd.DataFrame(rows)


def _build(texts: dict[str, str], folder: Path, lang: str = "fi", **kwargs):
    return build_index(texts, _passages(texts), lang, TokenCache(folder), **kwargs)


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """Texts tokenised (in this process) from now on."""
    seen: list[str] = []
    real = nlp_index.tokenize_encoded

    def counting(text, lang):
        seen.append(text)
        return real(text, lang)

    monkeypatch.setattr(nlp_index, "tokenize_encoded", counting)
    return seen


def _same(a, b) -> None:
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert a.vocab.tolist() == b.vocab.tolist()
    assert a.lemmas.tolist() == b.lemmas.tolist()


def test_cache_hit_after_reload_does_not_tokenise(tmp_path, calls):
    texts = {"H1": H1, "H2": H2}
    first = _build(texts, tmp_path)
    assert len(calls) == 2
    calls.clear()
    again = _build(dict(texts), tmp_path)
    assert calls == []
    _same(first, again)


def test_token_files_are_used_when_the_index_file_is_gone(tmp_path, calls):
    texts = {"H1": H1, "H2": H2}
    first = _build(texts, tmp_path)
    for path in tmp_path.glob("index-*"):
        path.unlink()
    calls.clear()
    _same(first, _build(texts, tmp_path))
    assert calls == []


def test_changed_text_is_tokenised_again_and_only_it(tmp_path, calls):
    _build({"H1": H1, "H2": H2}, tmp_path)
    calls.clear()
    changed = H2.replace("Sama henkilö", "Eri ihminen")
    index = _build({"H1": H1, "H2": changed}, tmp_path)
    assert calls == [changed]
    assert "eri" in index.vocab.tolist()
    _same(index, build_index({"H1": H1, "H2": changed}, _passages({"H1": H1, "H2": changed}),
                             "fi"))


def test_token_files_of_earlier_versions_of_a_text_go_after_two_weeks(tmp_path):
    _build({"H1": H1, "H2": H2}, tmp_path)
    old = {p.name for p in tmp_path.glob("tokens-*.parquet")}
    two_weeks_ago = nlp_index.time.time() - (nlp_index.KEEP_TOKEN_DAYS * 86_400 + 60)
    for path in tmp_path.glob("tokens-*.parquet"):
        os.utime(path, (two_weeks_ago, two_weeks_ago))  # H2's file is old but still H2's
    changed = H2.replace("Sama henkilö", "Eri ihminen")
    _build({"H1": H1, "H2": changed}, tmp_path)
    now = {p.name for p in tmp_path.glob("tokens-*.parquet")}
    assert len(old) == 2 and len(now) == 2 and len(now & old) == 1  # H1's stays
    recent = changed.replace("Eri ihminen", "Joku muu")
    stray, fresh = tmp_path / ".tokens-x.parquet.ab12.tmp", tmp_path / ".index-y.parquet.cd.tmp"
    stray.write_bytes(b"killed"), fresh.write_bytes(b"being written")
    os.utime(stray, (two_weeks_ago, two_weeks_ago))
    _build({"H1": H1, "H2": recent}, tmp_path)  # the edit before is recent: it stays
    assert len(list(tmp_path.glob("tokens-*.parquet"))) == 3
    assert (stray.exists(), fresh.exists()) == (False, True)


def test_changed_language_is_tokenised_again(tmp_path, calls):
    _build({"H1": H1}, tmp_path, "fi")
    calls.clear()
    index = _build({"H1": H1}, tmp_path, "en")
    assert calls == [H1]
    assert index.lang == "en"


def test_changed_nlp_version_is_tokenised_again(tmp_path, calls, monkeypatch):
    _build({"H1": H1, "H2": H2}, tmp_path)
    calls.clear()
    monkeypatch.setattr(nlp_index, "NLP_VERSION", "test-next")
    _build({"H1": H1, "H2": H2}, tmp_path)
    assert sorted(calls) == sorted([H1, H2])


def test_document_tokens_cache_key_covers_text_language_and_version(tmp_path, calls,
                                                                    monkeypatch):
    cache = TokenCache(tmp_path)
    expected = tokenize(H1, "fi")
    for _ in range(2):
        got = document_tokens(H1, "fi", cache)
    assert len(calls) == 1
    for a, b in zip(got[:2], expected[:2]):
        np.testing.assert_array_equal(a, b)
    assert got[2] == expected[2]
    document_tokens(H1, "en", cache)
    document_tokens(H1 + "Lisää.", "fi", cache)
    monkeypatch.setattr(nlp_index, "NLP_VERSION", "test-next")
    document_tokens(H1, "fi", cache)
    assert len(calls) == 4


@pytest.mark.parametrize("pattern", ["tokens-*.parquet", "index-*.parquet"])
@pytest.mark.parametrize("damage", [b"", b"not parquet at all", b"PAR1" + b"\0" * 64])
def test_damaged_cache_file_is_recomputed(tmp_path, calls, pattern, damage):
    texts = {"H1": H1, "H2": H2}
    first = _build(texts, tmp_path)
    for path in tmp_path.glob("index-*" if pattern.startswith("tokens") else "nothing"):
        path.unlink()  # so that the damaged token files are read
    damaged = sorted(tmp_path.glob(pattern))
    assert damaged
    for path in damaged:
        path.write_bytes(damage)
    calls.clear()
    _same(first, _build(texts, tmp_path))
    if pattern.startswith("tokens"):
        assert sorted(calls) == sorted(texts.values())
    for path in tmp_path.glob(pattern):
        pq.read_table(path)  # rewritten as valid Parquet


def test_token_file_with_wrong_columns_is_recomputed(tmp_path, calls):
    cache = TokenCache(tmp_path)
    document_tokens(H1, "fi", cache)
    (path,) = tmp_path.glob("tokens-*.parquet")
    pq.write_table(pq.read_table(path).drop(["form"]), path)
    document_tokens(H1, "fi", cache)
    assert len(calls) == 2


def _unwritable(tmp_path: Path) -> Path:
    """A cache folder that cannot be created or written."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        blocker = tmp_path / "a-file"  # root ignores permissions; a file blocks mkdir
        blocker.write_text("x")
        return blocker / ".ia-cache"
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / ".ia-cache"


def test_read_only_folder_works_without_cache(tmp_path, calls):
    folder = _unwritable(tmp_path)
    texts = {"H1": H1, "H2": H2}
    index = _build(texts, folder)
    assert not folder.exists()
    _same(index, build_index(texts, _passages(texts), "fi"))
    calls.clear()
    _build(texts, folder)
    assert len(calls) == 2  # nothing cached, nothing broken


def test_read_only_study_folder_loads_and_codes(fi_study, tmp_path, monkeypatch):
    from interview_analysis.coding.coder import RuleCoder
    from interview_analysis.study.study import load_study

    study = load_study(fi_study)
    corpus = study.corpus()
    corpus.cache_dir = _unwritable(tmp_path)
    codings = RuleCoder(study.codebook()).transform(corpus)
    assert len(codings)


def test_cache_files_are_parquet_not_pickles(tmp_path):
    _build({"H1": H1, "H2": H2}, tmp_path)
    files = sorted(tmp_path.iterdir())
    assert {p.name.split("-")[0] for p in files} == {"tokens", "index"}
    for path in files:
        assert path.suffix == ".parquet"
        assert path.read_bytes()[:4] == b"PAR1"
        pq.read_table(path)


def test_index_arrays_are_lean_and_identical_from_cache(tmp_path):
    texts = {"H1": H1, "H2": H2}
    fresh = build_index(texts, _passages(texts), "fi")
    cached = _build(texts, tmp_path)
    reloaded = _build(texts, tmp_path)
    _same(fresh, cached)
    _same(fresh, reloaded)
    assert all(getattr(reloaded, name).dtype == np.int32 for name in ARRAYS)
    assert reloaded.key and reloaded.key == fresh.key


def test_short_documents_get_no_token_file_but_are_in_the_index(tmp_path, calls):
    texts = {"R1": "Sähköposti on paras.", "R2": "Puhelin.", "H1": H1}
    first = _build(texts, tmp_path)
    assert len(list(tmp_path.glob("tokens-*.parquet"))) == 1
    calls.clear()
    _same(first, _build(texts, tmp_path))
    assert calls == []


def test_parallel_first_pass_gives_the_same_index(tmp_path):
    texts = {f"H{i}": (H1 if i % 2 else H2) + f"Haastattelija: {i}?\n\nH{i}: Vastaus {i}.\n"
             for i in range(1, 7)}
    serial = build_index(texts, _passages(texts), "fi", n_process=1)
    parallel = _build(texts, tmp_path, n_process=2)
    _same(serial, parallel)
    assert len(list(tmp_path.glob("tokens-*.parquet"))) == len(texts)


def test_form_positions_match_a_scan(tmp_path):
    index = _build({"H1": H1, "H2": H2}, tmp_path)
    forms = np.array([0, 3, len(index.vocab) - 1])
    np.testing.assert_array_equal(index.form_positions(forms),
                                  np.flatnonzero(np.isin(index.form_id, forms)))
    assert len(index.form_positions(np.array([], np.int64))) == 0


def test_progress_bar_is_quiet_in_ci_and_off_a_terminal(monkeypatch):
    monkeypatch.setenv("TQDM_DISABLE", "1")
    with progress(range(3), "x") as bar:
        assert bar.disable
    monkeypatch.delenv("TQDM_DISABLE")
    with progress(range(3), "x") as bar:  # pytest's stderr is not a terminal
        assert bar.disable


def test_sorted_lexicon_looks_up_like_a_dict(tmp_path):
    words = {b"talo": b"talo", b"talossa": b"talo", b"\xc3\xa4iti": b"\xc3\xa4iti",
             b"a": b"b", b"kissat": b"kissa"}
    _SortedLexicon.write(tmp_path / "fi", words)
    lexicon = _SortedLexicon(tmp_path / "fi")
    for key, value in words.items():
        assert lexicon.lookup(key.decode()) == value.decode()
    for missing in ("", "tal", "talot", "zzz", "ä"):
        assert lexicon.lookup(missing) is None
    (tmp_path / "fi" / "values").write_bytes(b"short")
    with pytest.raises(CacheDamaged, match="damaged"):
        _SortedLexicon(tmp_path / "fi")


@pytest.mark.parametrize("word", ["talossa", "sähköpostitse", "yhteyshenkilölleni",
                                  "kehitysidea", "teamsissa", "puhelimella", "xyzzy",
                                  "asiakasvastaava"])
def test_fast_simplemma_gives_simplemmas_answers(word):
    assert simplemma.lemmatize(word, lang="fi") == _simplemma_module().lemmatize(word, lang="fi")
    assert simplemma.is_known(word, lang="fi") == _simplemma_module().is_known(word, lang="fi")
