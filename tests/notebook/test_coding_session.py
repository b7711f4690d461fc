"""The coder's model: moving through passages, applying, undoing, and saving every action."""
from __future__ import annotations

import pandas as pd
import pytest
from notebook_helpers import csv_rows

from interview_analysis import load_study
from interview_analysis.errors import CodingsError
from interview_analysis.notebook import CodingSession
from interview_analysis.store import ProjectStore

H1_0002 = "Sähköpostitse on helpointa, sähköpostiviestit luen aina. Tekstiviestejä en lue koskaan."
H1_0002_START, H1_0002_END = 76, 163


# -- moving ---------------------------------------------------------------------------------

def test_session_starts_at_the_first_participant_passage_with_its_context(session):
    view = session.current
    assert (view.passage_id, view.case, view.speaker, view.role) == ("H1:0002", "H1", "H1",
                                                                      "participant")
    assert view.text == H1_0002
    assert (view.start, view.end, view.position, view.total) == (76, 163, 1, 3)
    assert view.previous["text"] == "Mitkä kanavat ovat parhaita, kun yritys ottaa yhteyttä?"
    assert view.next["passage_id"] == "H1:0003"


def test_next_and_previous_skip_interviewer_passages_and_stop_at_the_ends(session):
    assert session.next().passage_id == "H1:0004"
    assert session.next().passage_id == "H2:0002"
    assert session.next().passage_id == "H2:0002"
    assert session.current.next is None  # the last passage of H2: no next passage shown
    assert session.previous().passage_id == "H1:0004"
    assert session.previous().passage_id == "H1:0002"
    assert session.previous().passage_id == "H1:0002"


def test_goto_moves_to_a_passage(session):
    assert session.goto("H2:0002").case == "H2"
    assert session.position == 3


def test_goto_an_unknown_passage_names_the_closest_ids(session):
    with pytest.raises(CodingsError, match=r"(?s)no such passage.*did you mean 'H1:0002'"):
        session.goto("H1:002")


def test_goto_an_interviewer_passage_is_refused(session):
    with pytest.raises(CodingsError, match=r"H1:0001 is not one to code.*role: interviewer"):
        session.goto("H1:0001")


def test_next_uncoded_skips_passages_this_coder_has_coded(session):
    session.goto("H1:0004")
    session.apply("personalisation/same_contact_person")
    session.goto("H1:0002")
    assert session.next_uncoded().passage_id == "H2:0002"


# -- applying and saving ------------------------------------------------------------------

def test_apply_saves_to_the_csv_and_the_database_at_once(session, fi_study):
    saved = session.apply("channels/email", stance="positive", memo="helpointa")
    assert saved == {"document": "H1", "start": 76, "end": 163, "code": "channels/email",
                     "stance": "positive", "memo": "helpointa"}
    assert csv_rows(fi_study) == ["H1,76,163,channels/email,positive,helpointa"]
    with ProjectStore.open(fi_study) as store:
        assert store.spans("anna")[["document", "start", "end", "code"]].values.tolist() == \
            [["H1", 76, 163, "channels/email"]]
        log = store.log("anna")
    assert log[["action", "source"]].values.tolist() == [["add", "notebook"]]


def test_apply_with_words_codes_only_those_words(session, fi_study):
    saved = session.apply("channels/text_message", stance="negative",
                          span="Tekstiviestejä en lue koskaan.")
    start = H1_0002_START + H1_0002.index("Tekstiviestejä")
    assert (saved["start"], saved["end"]) == (start, H1_0002_END)
    text = load_study(fi_study).transcripts["H1"].text
    assert text[saved["start"]:saved["end"]] == "Tekstiviestejä en lue koskaan."


def test_apply_with_offsets_counts_from_the_start_of_the_passage(session):
    saved = session.apply("channels/email", span=(0, 13))
    assert (saved["start"], saved["end"]) == (76, 89)


def test_apply_words_that_are_not_in_the_passage_is_refused(session):
    with pytest.raises(CodingsError, match=r"these words are not in passage H1:0002"):
        session.apply("channels/email", span="puhelimella")


def test_apply_offsets_outside_the_passage_are_refused(session):
    with pytest.raises(CodingsError, match=r"span out of range: passage H1:0002 has 87"):
        session.apply("channels/email", span=(80, 90))


def test_apply_an_unknown_code_suggests_the_right_id(session):
    with pytest.raises(CodingsError, match=r"(?s)unknown code.*did you mean 'channels/email'"):
        session.apply("email")


def test_apply_an_unknown_stance_is_refused(session):
    with pytest.raises(CodingsError, match=r"(?s)unknown stance.*positive, negative, mixed"):
        session.apply("channels/email", stance="for")


def test_apply_again_changes_the_stance_and_keeps_the_memo(session, fi_study):
    session.apply("channels/email", stance="positive", memo="helpointa")
    session.apply("channels/email", stance="none")
    assert csv_rows(fi_study) == ["H1,76,163,channels/email,,helpointa"]
    assert [a.kind for a in session.history] == ["apply", "update"]


def test_bad_coder_names_are_refused_because_they_become_file_names(fi_study):
    with pytest.raises(CodingsError, match=r"(?s)coder name must be letters.*coder='anna'"):
        CodingSession(fi_study, coder="../anna")


# -- removing and undoing -----------------------------------------------------------------

def test_remove_takes_the_code_off_the_current_passage(session, fi_study):
    session.apply("channels/email")
    session.apply("channels/text_message", span="Tekstiviestejä")
    assert [r["code"] for r in session.remove("channels/email")] == ["channels/email"]
    assert csv_rows(fi_study) == ["H1,133,147,channels/text_message,,"]


def test_remove_a_code_the_passage_does_not_have_names_its_codes(session):
    session.apply("channels/email")
    with pytest.raises(CodingsError, match=r"(?s)H1:0002 has no coding 'channels/text_message' "
                                           r"by anna.*its codes: channels/email"):
        session.remove("channels/text_message")


def test_undo_reverts_apply_update_and_remove_and_saves_each_step(session, fi_study):
    session.apply("channels/email", stance="positive", memo="m")
    session.apply("channels/email", stance="mixed")
    session.remove("channels/email")
    assert csv_rows(fi_study) == []
    assert session.undo().kind == "remove"
    assert csv_rows(fi_study) == ["H1,76,163,channels/email,mixed,m"]
    assert session.undo().kind == "update"
    assert csv_rows(fi_study) == ["H1,76,163,channels/email,positive,m"]
    assert session.undo().kind == "apply"
    assert csv_rows(fi_study) == []
    assert session.undo() is None
    actions = session.store.log("anna")["action"].tolist()
    assert actions == ["add", "update", "remove", "add", "update", "remove"]


def test_undo_returns_to_the_passage_it_changed(session):
    session.apply("channels/email")
    session.next()
    session.undo()
    assert session.current_id == "H1:0002"


# -- persistence across restarts and coders -----------------------------------------------

def test_a_new_session_sees_the_saved_codings_and_resumes_where_the_coder_stopped(fi_study):
    with CodingSession(fi_study, coder="anna") as first:
        first.goto("H1:0004")
        first.apply("personalisation/same_contact_person", stance="positive", memo="sama")
    with CodingSession(fi_study, coder="anna") as again:
        assert again.current_id == "H1:0004"
        codings = again.codings()
        assert codings[["passage_id", "code", "stance", "memo"]].values.tolist() == \
            [["H1:0004", "personalisation/same_contact_person", "positive", "sama"]]
        assert not again.history  # undo covers one session; the log keeps everything
    with CodingSession(fi_study, coder="anna", resume=False) as fresh:
        assert fresh.current_id == "H1:0002"


def test_session_codings_are_what_the_study_reads_from_the_csv(session, fi_study):
    session.apply("channels/email", stance="positive", memo="helpointa")
    session.goto("H2:0002")
    session.apply("channels/email", stance="negative", span="ei sähköpostilla")
    from_csv = load_study(fi_study).codings("anna")
    columns = ["document", "case", "passage_id", "start", "end", "code", "stance", "memo"]
    pd.testing.assert_frame_equal(session.codings()[columns].reset_index(drop=True),
                                  from_csv[columns].reset_index(drop=True))


def test_nothing_is_lost_when_the_kernel_dies_between_database_and_csv(fi_study, monkeypatch):
    with CodingSession(fi_study, coder="anna") as dying:
        monkeypatch.setattr(dying, "_save_csv", lambda: None)  # killed before the CSV write
        dying.apply("channels/email", stance="positive")
    assert csv_rows(fi_study) == []
    with CodingSession(fi_study, coder="anna") as again:
        assert again.last_sync.direction == "db->csv"
    assert csv_rows(fi_study) == ["H1,76,163,channels/email,positive,"]


def test_edits_to_the_csv_between_sessions_are_taken_in(fi_study):
    with CodingSession(fi_study, coder="anna") as first:
        first.apply("channels/email")
    path = fi_study / "codings" / "anna.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",,", ",negative,"),
                    encoding="utf-8")
    with CodingSession(fi_study, coder="anna") as again:
        assert again.last_sync.direction == "csv->db"
        assert again.passage_codings("H1:0002")["stance"].tolist() == ["negative"]


def test_several_coders_keep_separate_files(fi_study):
    with CodingSession(fi_study, coder="anna") as anna, \
            CodingSession(fi_study, coder="ben", resume=False) as ben:
        anna.apply("channels/email", stance="positive")
        ben.apply("channels/text_message", stance="negative")
        assert list(anna.passage_codings()["code"]) == ["channels/email"]
    assert csv_rows(fi_study, "anna") == ["H1,76,163,channels/email,positive,"]
    assert csv_rows(fi_study, "ben") == ["H1,76,163,channels/text_message,negative,"]
    assert load_study(fi_study).coders() == ["anna", "ben"]


def test_cases_limit_the_passages_to_code(fi_study):
    with CodingSession(fi_study, coder="ben", cases=["H2"]) as ben:
        assert (ben.current_id, len(ben)) == ("H2:0002", 1)
        with pytest.raises(CodingsError, match=r"H1:0002 is not one to code"):
            ben.goto("H1:0002")


def test_unknown_cases_are_named(fi_study):
    with pytest.raises(CodingsError, match=r"(?s)unknown case.*'H9'.*cases in this study: H1, H2"):
        CodingSession(fi_study, coder="ben", cases=["H9"])


# -- suggestions and display --------------------------------------------------------------

def test_suggestions_are_the_rule_matches_with_word_offsets(session):
    table = session.suggestions()
    assert table[["code", "matched", "reason", "coded"]].values.tolist() == [
        ["channels/email", "sähköpostitse, sähköpostiviestit", "rule", False],
        ["channels/text_message", "tekstiviestejä", "rule", False]]
    spans = table.set_index("code")["spans"]
    assert [H1_0002[a:b] for a, b in spans["channels/email"]] == ["Sähköpostitse",
                                                                   "sähköpostiviestit"]
    assert [H1_0002[a:b] for a, b in spans["channels/text_message"]] == ["Tekstiviestejä"]


def test_suggestions_say_which_codes_are_already_applied(session):
    session.apply("channels/email")
    assert session.suggestions().set_index("code")["coded"].to_dict() == {
        "channels/email": True, "channels/text_message": False}


def test_find_codes_keeps_the_parents_of_matches(session):
    found = session.find_codes("sähkö")
    assert found[["code", "depth", "matches"]].values.tolist() == [
        ["channels", 0, False], ["channels/email", 1, True]]


def test_current_passage_displays_codings_and_rule_matches(session):
    session.apply("channels/email", stance="positive", span="Sähköpostitse")
    shown = session.current._repr_html_()
    assert "background:#0072B266" in shown          # the coding, in its code's colour
    assert "border-bottom:2px dotted" in shown      # a rule match, underlined
    assert "Mitkä kanavat ovat parhaita" in shown   # the question before it
    assert "channels/email" in shown and "anna, positive" in shown
