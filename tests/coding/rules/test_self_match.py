"""A word or phrase copied from a transcript always finds itself, whatever the lemmatiser says.

Checked over every word of both demo studies (Finnish and English), for phrases copied with
their punctuation, and for the words that used to find nothing (*palautekyselyn*,
*kasvotusten*, *ettei*, *-viesti*).
"""
from __future__ import annotations

import re
import unicodedata
import warnings
from pathlib import Path

import pytest
from helpers import write
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from interview_analysis.coding.kwic import concordance
from interview_analysis.errors import InterviewAnalysisError, StudyNote
from interview_analysis.study.study import load_study

ROOT = Path(__file__).parents[3]
DEMOS = {"fi": ROOT / "corpus" / "sme-customer-management", "en": ROOT / "corpus" / "after-sales"}
_EDGES = "\"'“”‘’«»„()[]{}<>,.;:!?…–—-"


@pytest.fixture(scope="module", params=sorted(DEMOS))
def corpus(request):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_study(DEMOS[request.param]).corpus()


def _copied_words(corpus) -> dict[str, list[tuple[str, int]]]:
    """Every word a researcher could copy from a participant passage (surrounding punctuation
    left out), with the document and offset of each occurrence."""
    words: dict[str, list[tuple[str, int]]] = {}
    for row in corpus.participant_passages.itertuples():
        for m in re.finditer(r"\S+", row.text):
            word = m.group().strip(_EDGES)
            if any(c.isalnum() for c in word):
                at = row.start + m.start() + m.group().index(word)
                words.setdefault(word, []).append((row.document, at))
    return words


def _found(corpus, query: str) -> set[tuple[str, int]]:
    hits = concordance(corpus, query)  # passage IDs are DOCUMENT:NNNN
    return {(p.rsplit(":", 1)[0], s) for p, s in zip(hits["passage_id"], hits["start"])}


def _covers(found: set[tuple[str, int]], document: str, at: int, length: int) -> bool:
    """A hit starts inside the copied word (a token may start at its leading hyphen)."""
    return any(d == document and at - 1 <= s < at + length for d, s in found)


def test_every_word_of_the_demo_transcripts_finds_every_occurrence(corpus):
    missed = []
    for word, where in _copied_words(corpus).items():
        found = _found(corpus, word)
        missed += [(word, d, at) for d, at in where if not _covers(found, d, at, len(word))]
    assert missed == []


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_phrase_copied_with_its_punctuation_finds_itself(corpus, data):
    rows = corpus.participant_passages
    row = rows.iloc[data.draw(st.integers(0, len(rows) - 1))]
    words = [m for m in re.finditer(r"\S+", row.text) if any(c.isalnum() for c in m.group())]
    assume(words)
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, min(first + 2, len(words) - 1)))
    phrase = row.text[words[first].start():words[last].end()]
    # as copied: its own case, all lower case, the first letter capitalised, or NFD (macOS);
    # not all capitals, where "AND" and "NEAR/3" are rule operators
    phrase = data.draw(st.sampled_from([phrase, phrase.lower(), phrase[:1].upper() + phrase[1:],
                                        unicodedata.normalize("NFD", phrase)]))
    word = words[first].group()
    at = row.start + words[first].start() + len(word) - len(word.lstrip(_EDGES))
    assert _covers(_found(corpus, phrase), row.document, at, len(word))


@pytest.fixture
def fi_words(tmp_path):
    write(tmp_path / "H1.txt", (
        "Haastattelija: Mitä palautteesta tehdään?\n\n"
        "H1: Palautekyselyn tulokset ja palauteyhteenvedot tulevat minulle. "
        "Asiakastyytyväisyyskyselyn jälkeen analysoitavaa on paljon. Tapaamme kasvotusten, "
        "ettei mitään jää sanomatta. Geneerinen hei -viesti ei auta.\n"))
    return load_study(tmp_path, lang="fi").corpus()


@pytest.mark.parametrize("word", ["palautekyselyn", "palauteyhteenvedot",
                                  "asiakastyytyväisyyskyselyn", "analysoitavaa", "kasvotusten",
                                  "Kasvotusten,", "ettei", "-viesti", "viesti", "hei -viesti"])
def test_words_the_lexicon_does_not_know_find_themselves(fi_words, word):
    hits = concordance(fi_words, word)
    assert len(hits) == 1
    assert hits["match"].iloc[0].casefold().strip("-,") == word.casefold().strip("-,") or \
        word == "viesti"


def test_a_word_only_the_interviewer_says_is_named_in_a_note(fi_words):
    with pytest.warns(StudyNote, match=r"'tehdään' occurs 1 time\(s\), but only outside "
                                       r"the participant passages searched"):
        assert concordance(fi_words, "tehdään").empty


def test_a_query_with_nothing_to_search_for_is_an_error(fi_words):
    with pytest.raises(InterviewAnalysisError, match=r"cannot search for this: .*\n  Fix: "
                                                     r"search for a word, a phrase"):
        concordance(fi_words, "?!")
