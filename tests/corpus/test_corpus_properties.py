"""For any text, passages never overlap, stay inside the text, and text[start:end] is the passage."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_analysis.corpus.corpus import passages_of
from interview_analysis.corpus.transcript import Transcript
from interview_analysis.corpus.turns import find_turns

LINES = st.one_of(
    st.text(min_size=0, max_size=60),
    st.builds(lambda s, t: f"{s}: {t}", st.sampled_from(["H1", "Haastattelija", "Q", "A", "Anna"]),
              st.text(max_size=40)),
    st.builds(lambda t: f"[00:01:0{len(t) % 10}] H2: {t}", st.text(max_size=30)),
    st.just(""),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, max_size=25), unit=st.sampled_from(["turn", "paragraph", "sentence"]))
def test_passages_never_overlap_and_point_into_the_text(lines, unit):
    text = "\n".join(lines)
    tr = Transcript("D", text, tuple(find_turns(text)), Path("D.txt"))
    rows = passages_of(tr, "D", "fi", lambda s: None, unit)
    previous_end = 0
    for row in sorted(rows, key=lambda r: r["start"]):
        assert 0 <= row["start"] < row["end"] <= len(text)
        assert row["start"] >= previous_end
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["text"] == row["text"].strip()
        previous_end = row["end"]
    ids = [r["passage_id"] for r in rows]
    assert len(ids) == len(set(ids))
