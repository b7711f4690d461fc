"""Hand-made corpora and codings for the analysis tests.

``make_corpus`` builds a :class:`Corpus` from speaker turns written out in the test, so every
passage ID, word count and text is visible where it is asserted; ``make_codings`` turns
``(passage_id, code, stance, memo)`` tuples into long-format codings. ``five`` is a miniature
of the customer-management study: five interviewees, H1–H5, with the stances the study brief
reports.
"""
from __future__ import annotations

import pandas as pd
import pytest

from interview_analysis.coding.codings import CODING_COLUMNS
from interview_analysis.corpus.corpus import PASSAGE_COLUMNS, Corpus

ROLES = {"I": "interviewer", "P": "participant"}


def build_corpus(turns: dict[str, list[tuple[str, str]]],
                 attributes: dict[str, dict] | None = None) -> Corpus:
    """One document per case; ``turns[case]`` is a list of ``("I" | "P", text)``.

    Passage IDs are ``<case>:0001``, ``<case>:0002``, … in turn order. The cases table follows
    the order of ``attributes`` when given (so tests can check that order is respected).
    """
    texts, rows = {}, []
    for case, case_turns in turns.items():
        text = ""
        for i, (role, said) in enumerate(case_turns, start=1):
            start = len(text)
            text += said + "\n\n"
            rows.append({"passage_id": f"{case}:{i:04d}", "document": case, "case": case,
                         "start": start, "end": start + len(said), "speaker": role,
                         "role": ROLES[role], "time_start": None, "time_end": None,
                         "words": len(said.split()), "language": "en", "text": said})
        texts[case] = text
    order = list(attributes) if attributes else list(turns)
    cases = pd.DataFrame([{"case": c, "documents": [c], **(attributes or {}).get(c, {})}
                          for c in order]).set_index("case")
    documents = pd.DataFrame({"document": list(texts), "case": list(texts)})
    return Corpus(texts, pd.DataFrame(rows, columns=PASSAGE_COLUMNS), documents, cases, "en")


def build_codings(corpus: Corpus, rows: list[tuple], coder: str = "anna") -> pd.DataFrame:
    """Codings from ``(passage_id, code[, stance[, memo]])``; ``passage_id`` may be ``None``."""
    passages = corpus.passages.set_index("passage_id")
    out = []
    for row in rows:
        passage_id, code, stance, memo = (*row, None, None)[:4]
        p = passages.loc[passage_id] if passage_id is not None else None
        out.append({"document": p["document"] if p is not None else "H1",
                    "case": p["case"] if p is not None else None, "passage_id": passage_id,
                    "start": int(p["start"]) if p is not None else 0,
                    "end": int(p["end"]) if p is not None else 1, "code": code,
                    "origin": "manual", "coder": coder, "stance": stance, "score": 1.0,
                    "matched": None, "memo": memo,
                    "text": p["text"] if p is not None else None})
    return pd.DataFrame(out, columns=CODING_COLUMNS)


@pytest.fixture
def make_corpus():
    return build_corpus


@pytest.fixture
def make_codings():
    return build_codings


SAME = "personalisation/same_contact_person"
CHECKINS = "contact_types/regular_checkins"
TEXT = "channels/text_message"


@pytest.fixture
def five() -> Corpus:
    """Five interviewees; H4 and H5 are 'experts', the others 'customers'."""
    turns = {
        "H1": [("I", "Is it good to deal with the same person every time?"),
               ("P", "Yes, the same person remembers earlier dealings."),
               ("I", "And periodic check-ins?"),
               ("P", "Monthly check-ins are welcome.")],
        "H2": [("I", "Same person?"),
               ("P", "Nice, tacit knowledge builds up."),
               ("P", "Check-ins can be good if personalised, but not a call log full of calls.")],
        "H3": [("I", "Same person?"),
               ("P", "A named contact person would be great."),
               ("P", "Check-ins are pointless unless there is something new.")],
        "H4": [("I", "Same person?"),
               ("P", "Always the same person, like calling a friend."),
               ("P", "Too many calls already."),
               ("P", "I never read text messages.")],
        "H5": [("I", "Same person?"),
               ("P", "Excellent if the chemistry works."),
               ("P", "Sometimes good, sometimes not needed.")],
    }
    attributes = {"H1": {"group": "customer", "interview_date": "2022-10-03"},
                  "H2": {"group": "customer", "interview_date": "2022-10-05"},
                  "H3": {"group": "customer", "interview_date": "2022-10-04"},
                  "H4": {"group": "expert", "interview_date": "2022-10-10"},
                  "H5": {"group": "expert", "interview_date": "2022-10-07"}}
    return build_corpus(turns, attributes)


@pytest.fixture
def five_codings(five) -> pd.DataFrame:
    """The brief's stances: same contact person all positive; check-ins split; SMS rejected.

    Two codings must not count: the interviewer's turn H1:0001 (coded negative) and a coding
    with no passage.
    """
    return build_codings(five, [
        ("H1:0001", SAME, "negative"),
        ("H1:0002", SAME, "positive"), ("H2:0002", SAME, "positive"),
        ("H3:0002", SAME, "positive"), ("H4:0002", SAME, "positive", "key: friend"),
        ("H5:0002", SAME, "positive"),
        ("H1:0004", CHECKINS, "positive"), ("H2:0003", CHECKINS, "positive"),
        ("H2:0003", CHECKINS, "negative"), ("H3:0003", CHECKINS, "negative"),
        ("H4:0003", CHECKINS, "negative"), ("H5:0003", CHECKINS, "mixed"),
        ("H4:0004", TEXT, "negative"),
        (None, TEXT, "positive"),
    ])
