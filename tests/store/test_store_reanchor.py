"""Codings follow an edited transcript: sync --reanchor, and every reader in between."""
from __future__ import annotations

import sqlite3
import warnings

import pytest
from store_helpers import TEXT_H1, make_study, span_of

from interview_analysis import cli
from interview_analysis.errors import ProjectError, StudyWarning
from interview_analysis.store import ProjectStore, sync_study
from interview_analysis.study.study import load_study

HEADER = "document,start,end,code,stance,memo\n"
EDITED_H1 = TEXT_H1.replace("Mitkä", "Mitkäs").replace("Puhelin ei toimi", "Puhelin ei juuri toimi")


def coded(text: str, *rows) -> str:
    """CSV rows ``(words, code, memo)`` located in ``text``."""
    lines = [f"H1,{s},{e},channels/{code},,{memo}"
             for words, code, memo in rows for s, e in [span_of(text, words)]]
    return HEADER + "\n".join(lines) + "\n"


@pytest.fixture
def study(tmp_path):
    root = make_study(tmp_path / "study")
    (root / "codings").mkdir()
    (root / "codings" / "anna.csv").write_text(
        coded(TEXT_H1, ("Sähköposti on paras", "email", "kanava"),
              ("Puhelin ei toimi", "phone", "ei puhelinta"),
              ("Mitkä kanavat", "email", "kysymys")), encoding="utf-8")
    assert cli.main(["sync", str(root)]) == 0
    return root


def edit(root, text: str) -> None:
    (root / "transcripts" / "H1.txt").write_text(text, encoding="utf-8")


def words(root, coder="anna") -> list[str]:
    study = load_study(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spans = study.coder_spans(coder)
    text = study.transcripts["H1"].text
    return [text[s:e] for s, e in zip(spans["start"], spans["end"])]


def test_sync_stops_with_what_would_move_and_changes_nothing(study):
    before = (study / "codings" / "anna.csv").read_bytes()
    edit(study, EDITED_H1)
    with pytest.raises(ProjectError, match="transcript 'H1' has changed since its 3 codings "
                                           "were made: 1 kept its words, 2 touch edited words"):
        sync_study(load_study(study))
    assert (study / "codings" / "anna.csv").read_bytes() == before


def test_reanchor_moves_codings_onto_their_words_in_the_file_and_the_database(study):
    edit(study, EDITED_H1)
    moved, result = sync_study(load_study(study), reanchor=True)
    assert str(result) == "anna: already in sync"
    text = str(moved)
    assert text.startswith("re-anchored 3 codings to the edited text of H1: 1 kept its words, "
                           "2 touch edited words")
    assert "channels/phone -> 66-88: '…ei toimi…' is now '…ei juuri toimi…'" in text
    assert words(study) == ["Mitkäs kanavat", "Sähköposti on paras", "Puhelin ei juuri toimi"]
    with ProjectStore.open(study) as store:
        assert sorted(store.spans("anna")[["start", "end"]].values.tolist()) == sorted(
            [list(span_of(EDITED_H1, w)) for w in ("Mitkäs kanavat", "Sähköposti on paras",
                                                   "Puhelin ei juuri toimi")])
        log = store.log("anna")
        assert (log["action"] == "update").sum() == 3
        assert set(log["source"].iloc[-3:]) == {"reanchor:H1"}
        rows = store.query("SELECT status, old_words, new_words, place FROM reanchored "
                           "ORDER BY seq")
        assert ("edited", "Puhelin ei toimi", "Puhelin ei juuri toimi", "database") in \
            [tuple(r) for r in rows]
    assert sync_study(load_study(study))[0].direction == "none"  # and stays in sync


def test_a_deleted_passage_loses_its_codings_listed_never_silently(study):
    edit(study, TEXT_H1.replace("H1: Sähköposti on paras. Puhelin ei toimi 😀 ollenkaan.\n", ""))
    moved = sync_study(load_study(study), reanchor=True)[0]
    assert "lost: anna: H1" in str(moved) and "its words were deleted ('Sähköposti on " \
        "paras')" in str(moved)
    assert words(study) == ["Mitkä kanavat"]
    with ProjectStore.open(study) as store:
        assert store.log("anna")["action"].tolist()[-2:] == ["remove", "remove"]


def test_readers_use_the_new_places_with_a_warning_until_reanchored(study):
    edit(study, EDITED_H1)
    study_ = load_study(study)
    with pytest.warns(StudyWarning, match=r"transcript 'H1' changed after these codings were "
                                          r"made; .*sync STUDY --reanchor"):
        codings = study_.codings("anna")
    text = study_.transcripts["H1"].text
    assert sorted(text[s:e] for s, e in zip(codings["start"], codings["end"])) == \
        ["Mitkäs kanavat", "Puhelin ei juuri toimi", "Sähköposti on paras"]


def test_agreement_and_run_read_the_moved_codings_not_stale_offsets(study, tmp_path, capsys):
    edit(study, EDITED_H1)
    assert cli.main(["agreement", str(study), "--coder", "anna", "--out",
                     str(tmp_path / "a.csv")]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "--reanchor" in err


def test_an_edit_after_every_coded_word_needs_nothing(study):
    edit(study, TEXT_H1 + "\nH1: Lisäys loppuun.\n")
    assert sync_study(load_study(study))[0].direction == "none"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_study(study).coder_spans("anna")


def test_accept_changed_keeps_the_offsets_and_the_earlier_text(study):
    edit(study, EDITED_H1)
    sync_study(load_study(study), accept_changed=True)
    with ProjectStore.open(study) as store:
        assert len(store.query("SELECT sha256 FROM texts")) == 1
    assert words(study)[0] == " Sähköposti on para"  # the offsets as they were


def test_reanchor_and_accept_changed_exclude_each_other(study):
    with pytest.raises(Exception, match="exclude each other"):
        sync_study(load_study(study), reanchor=True, accept_changed=True)


def test_a_coder_not_synced_keeps_pointing_into_the_earlier_text(study):
    (study / "codings" / "ben.csv").write_text(coded(TEXT_H1, ("Puhelin ei toimi", "phone", "")),
                                               encoding="utf-8")
    edit(study, EDITED_H1)
    sync_study(load_study(study), coders=["anna"], reanchor=True)
    assert words(study, "ben") == ["Puhelin ei juuri toimi"]
    sync_study(load_study(study), coders=["ben"], reanchor=True)
    assert words(study, "ben") == ["Puhelin ei juuri toimi"]
    with ProjectStore.open(study) as store:
        assert store.query("SELECT count(*) FROM csv_anchors")[0][0] == 0


def test_the_database_keeps_the_earlier_text_compressed(study):
    edit(study, EDITED_H1)
    sync_study(load_study(study), reanchor=True)
    conn = sqlite3.connect(study / ".interview-analysis" / "project.sqlite")
    import zlib
    [(data,)] = conn.execute("SELECT text FROM texts").fetchall()
    conn.close()
    assert zlib.decompress(data).decode("utf-8") == TEXT_H1


def test_a_refi_export_carries_the_moved_places_not_stale_offsets(study):
    from interview_analysis.exchange.refi.model import from_study
    edit(study, EDITED_H1)
    with pytest.warns(StudyWarning, match="--reanchor"):
        exchange = from_study(load_study(study))
    assert sorted(EDITED_H1[s:e] for s, e in zip(exchange.codings["start"],
                                                 exchange.codings["end"])) == \
        ["Mitkäs kanavat", "Puhelin ei juuri toimi", "Sähköposti on paras"]
