"""Every speaker convention of ``tests/data/inputs/speakers/`` read as ``expected.yaml`` says.

The fixtures are real-world layouts (Teams, Zoom, Otter exports, initials, focus groups,
written answers, oral histories); ``expected.yaml`` beside them is the specification. The
tests read each file through the public reader and check speakers, roles, turn counts, where
turns start, that headers, notes and software lines are nobody's turn, and timestamps.
"""
from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import pytest
import yaml

from interview_analysis.corpus.corpus import passages_of
from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.corpus.turns import parse_timestamp

INPUTS = Path(__file__).parents[1] / "data" / "inputs"
SPEC = yaml.safe_load((INPUTS / "expected.yaml").read_text(encoding="utf-8"))
TRANSCRIPTS = {t["file"]: t for t in SPEC["transcripts"]}


def _read(spec: dict, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        [tr] = read_transcripts(INPUTS / spec["file"], **options)
    return tr


def _turns(tr, spec=None):
    """``(speaker, role, text, turn)`` of every turn, as the passages at turn level see it
    (a header that the spec allows to stay in an unlabelled text left out)."""
    rows = passages_of(tr, "case", "xx", lambda speaker: None, "turn")
    optional = (spec or {}).get("preamble_optional")
    if optional and rows and rows[0]["text"].startswith(optional[0]):
        rows = rows[1:]
    turns = tr.turns or [None] * len(rows)
    return [(r["speaker"], r["role"], r["text"], t) for r, t in zip(rows, turns)]


def _inside(tr, needle: str, role: str | None = None) -> bool:
    at = tr.text.index(needle)
    return any(t.start <= at and at + len(needle) <= t.end and (role is None or t.role == role)
               for t in (tr.turns or []))


#: Each check runs on the files it applies to, so that none of them is skipped: a text with
#: no speaker labels has ``paragraphs`` in its spec (its passages are paragraphs, and its
#: header may stay), a layout with timestamps has ``timestamps``.
ALL = sorted(TRANSCRIPTS)
LABELLED = [f for f in ALL if "paragraphs" not in TRANSCRIPTS[f]]
TIMED = [f for f in ALL if "timestamps" in TRANSCRIPTS[f]]


def _on(files: list[str]):
    """Parametrize the ``case`` fixture with ``files``."""
    return pytest.mark.parametrize("case", files, indirect=True, ids=lambda f: Path(f).name)


@pytest.fixture
def case(request):
    spec = TRANSCRIPTS[request.param]
    return spec, _read(spec)


@_on(ALL)
def test_speakers_roles_and_turn_counts(case):
    spec, tr = case
    if tr.turns:
        found = Counter((t.speaker, t.role) for t in tr.turns)
    else:  # no labels: one participant; its passages are paragraphs
        found = Counter({(None, "participant"): 1})
        assert len(_turns(tr, spec)) == spec["paragraphs"]
    assert dict(found) == {(s["label"], s["role"]): s["turns"] for s in spec["speakers"]}


@_on(ALL)
def test_turns_start_where_the_spec_says(case):
    spec, tr = case
    turns = _turns(tr, spec)
    participant = [text for _, role, text, _ in turns if role == "participant"]
    assert participant[0].startswith(spec["first_participant_turn_starts"])
    for which, turn in (("first_turn", turns[0]), ("last_turn", turns[-1])):
        if which in spec:
            assert turn[0] == spec[which]["label"]
            assert turn[2].startswith(spec[which]["starts"])
    for start, (_, text, _) in zip(spec.get("questions_start", []),
                                   [t[1:] for t in turns if t[1] == "interviewer"]):
        assert text.startswith(start)


@_on(LABELLED)
def test_headers_notes_and_software_lines_are_nobodys_turn(case):
    spec, tr = case
    assert tr.turns, "a labelled layout must give speaker turns"
    for line in spec.get("preamble", []) + spec.get("not_turns", []) + \
            spec.get("trailer_not_text", []) + spec.get("not_answers", []):
        assert line in tr.text and not _inside(tr, line), line
    for line in spec.get("page_footers_not_text", []):
        assert line not in tr.text


@_on(ALL)
def test_lines_that_look_like_labels_stay_inside_the_participants_turn(case):
    spec, tr = case
    labels = {t.speaker for t in tr.turns}
    for word in spec.get("not_speakers", []):
        assert word not in labels
    for line in spec.get("lines_inside_participant_turns", []):
        assert _inside(tr, line, "participant") or not tr.turns, line


@_on(TIMED)
def test_timestamps_of_the_first_participant_turn(case):
    spec, tr = case
    first = next(t for t in tr.turns if t.role == "participant")
    assert first.time_start == parse_timestamp(spec["timestamps"]["first_participant_turn"])


@pytest.mark.parametrize("name, how", [
    ("initials_fi.txt", {"MK": "header", "JS": "header"}),
    ("initials_dotted_en.txt", {"A.B.": "header", "J.S.": "header"}),
    ("oral_history_caps_en.txt", {"MORALES": "header", "KIM-ADLER": "header",
                                  "PETTERSSON": "others"})])
def test_interviewer_named_only_in_the_header_is_found(name, how):
    tr = _read(TRANSCRIPTS[f"speakers/{name}"])
    assert {t.speaker: t.role_from for t in tr.turns} == how


def test_otter_generic_speakers_are_guessed_with_a_warning():
    spec = TRANSCRIPTS["speakers/otter_en.txt"]
    with pytest.warns(UserWarning, match=r"otter_en\.txt: no label says who the interviewer is; "
                                         r"guessed 'Speaker 1', who asks most of the questions"):
        [tr] = read_transcripts(INPUTS / spec["file"])
    assert {(t.speaker, t.role, t.role_from) for t in tr.turns} == {
        ("Speaker 1", "interviewer", "guess"), ("Speaker 2", "participant", "guess")}


def test_study_roles_override_the_guess():
    spec = TRANSCRIPTS["speakers/otter_en.txt"]
    tr = _read(spec, speaker_roles={"speaker 2": "interviewer"})
    assert {(t.speaker, t.role, t.role_from) for t in tr.turns} == {
        ("Speaker 1", "participant", "others"), ("Speaker 2", "interviewer", "study.yaml")}


def test_focus_group_overlap_starts_a_new_turn():
    tr = _read(TRANSCRIPTS["speakers/focus_group_en.txt"])
    texts = [(t.speaker, tr.text[t.start:t.end]) for t in tr.turns]
    at = texts.index(("MARGARET", "-- so did I!"))
    assert texts[at + 1][0] == "TOM"
    assert texts[at + 1][1].startswith("-- and got a standard letter back")


def test_merged_blocks_keep_the_first_blocks_time():
    tr = _read(TRANSCRIPTS["speakers/zoom_bracket_en.txt"])
    turn = next(t for t in tr.turns if "she's eighty-three" in tr.text[t.start:t.end])
    assert "And the technology stuff" in tr.text[turn.start:turn.end]
    assert turn.time_start == parse_timestamp("10:02:40")
