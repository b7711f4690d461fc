"""Search, tokenising, reading and Unicode normalisation grow linearly with the text.

Times are never compared with a clock, only with each other: the same step on an input four
times as large may take at most :data:`MAX_RATIO` times as long (a quadratic step takes about
sixteen times as long). Each time is the best of a few runs, and a ratio over the bound is
measured again, to keep a busy machine's noise out.
"""
from __future__ import annotations

import random
import time
import unicodedata
from pathlib import Path

import pytest

from interview_analysis.base.encoding import normalise_text
from interview_analysis.coding.kwic import concordance
from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.nlp.pipeline import tokenize_encoded
from interview_analysis.study.study import load_study

MAX_RATIO = 6.0
WORDS = ("asiakas kertoi että sähköposti on paras tapa ottaa yhteyttä ja puhelin toinen "
         "hyvä palveluntarjoaja soittaa kerran vuodessa kysyy kuulumisia äänitteellä").split()


def _text(n_words: int, seed: int = 1) -> str:
    """``n_words`` words: a random block of up to 5,000 words, repeated."""
    rng = random.Random(seed)
    block = [rng.choice(WORDS) for _ in range(min(n_words, 5_000))]
    return " ".join((block * (n_words // len(block) + 1))[:n_words])


def _best(step, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - started)
    return best


def _ratio(make, run, small: int, attempts: int = 3) -> float:
    """Time of ``run`` on an input four times as large, as a ratio; the lowest of a few
    attempts (other processes on the machine only ever make a ratio larger; a quadratic
    step is at about 16 every time)."""
    inputs = (make(small), make(4 * small))
    run(inputs[0])  # warm up: imports, spaCy pipeline, caches of the small input
    ratios = []
    for _ in range(attempts):
        times = [_best(lambda x=x: run(x)) for x in inputs]
        ratios.append(times[1] / max(times[0], 1e-4))
        if ratios[-1] <= MAX_RATIO:
            break
    return min(ratios)


def _single_passage_corpus(tmp_path: Path, n_words: int):
    folder = tmp_path / f"study-{n_words}"
    folder.mkdir()
    (folder / "H1.txt").write_text(_text(n_words), encoding="utf-8")
    corpus = load_study(folder, lang="fi").corpus()
    corpus.tokens()
    return corpus


def test_search_in_one_long_passage_is_linear(tmp_path):
    ratio = _ratio(lambda n: _single_passage_corpus(tmp_path, n),
                   lambda corpus: concordance(corpus, "sähköposti"), 50_000)
    assert ratio <= MAX_RATIO


def test_tokenising_one_long_paragraph_is_linear():
    assert _ratio(_text, lambda text: tokenize_encoded(text, "fi"), 50_000) <= MAX_RATIO


@pytest.mark.parametrize("make", [
    pytest.param(lambda n: unicodedata.normalize("NFD", _text(n)), id="nfd-text"),
    pytest.param(lambda n: "a" + "\u0301\u0316" * (n // 2), id="combining-marks"),
    pytest.param(lambda n: _text(n).replace(" ", "\r\n", n // 20), id="crlf"),
])
def test_unicode_normalisation_of_inputs_is_linear(make):
    assert _ratio(make, normalise_text, 400_000) <= MAX_RATIO


def test_hostile_combining_marks_keep_their_characters():
    text = "e" + "\u0301\u0316" * 50
    out = normalise_text(text)
    assert out.count("\u034f") == 3  # a combining grapheme joiner after every thirty marks
    assert sorted(unicodedata.normalize("NFD", out.replace("\u034f", ""))) == \
        sorted(unicodedata.normalize("NFD", text))


@pytest.mark.parametrize("layout", ["paragraph", "turns"])
def test_reading_a_long_transcript_is_linear(tmp_path, layout):
    def make(n):
        path = tmp_path / f"{layout}-{n}.txt"
        if layout == "paragraph":
            path.write_text(_text(n), encoding="utf-8")
        else:
            path.write_text("\n\n".join(f"{'Haastattelija' if i % 2 else 'H1'}: "
                                        + _text(10, seed=i) for i in range(n // 10)),
                            encoding="utf-8")
        return path
    assert _ratio(make, read_transcripts, 100_000 if layout == "paragraph" else 20_000) \
        <= MAX_RATIO
