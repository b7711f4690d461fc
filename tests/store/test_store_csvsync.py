"""codings/<coder>.csv <-> database: the conflict rule."""
from __future__ import annotations

import pytest
from store_helpers import make_study

from interview_analysis.errors import ProjectError
from interview_analysis.store import ProjectStore

HEADER = "document,start,end,code,stance,memo\n"


@pytest.fixture
def study(tmp_path):
    return make_study(tmp_path / "study")


@pytest.fixture
def store(study):
    with ProjectStore.open(study, actor="tester") as opened:
        yield opened


def csv_file(study, coder="anna"):
    return study / "codings" / f"{coder}.csv"


def write_csv(study, body: str, coder="anna"):
    path = csv_file(study, coder)
    path.parent.mkdir(exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")


def test_a_new_csv_is_taken_into_the_database(study, store):
    write_csv(study, "H1,44,54,channels/email,positive,hyvä\n")
    result = store.sync("anna")
    assert (result.direction, result.added) == ("csv->db", 1)
    assert store.spans("anna")[["start", "stance", "memo"]].values.tolist() == \
        [[44, "positive", "hyvä"]]
    assert store.log()["source"].iloc[0].startswith("csv:")


def test_database_changes_are_written_to_the_csv(study, store):
    store.add_coding("H1", 44, 54, "channels/email", coder="anna", memo="uusi")
    assert store.sync("anna").direction == "db->csv"
    assert csv_file(study).read_text(encoding="utf-8") == \
        HEADER + "H1,44,54,channels/email,,uusi\n"
    assert store.sync("anna").direction == "none"


def test_csv_edits_become_logged_adds_updates_and_removes(study, store):
    write_csv(study, "H1,44,54,channels/email,,\nH1,60,70,channels/phone,,\n")
    store.sync("anna")
    write_csv(study, "H1,44,54,channels/email,positive,\nH2,34,45,channels/phone,,\n")
    result = store.sync_from_csv("anna")
    assert (result.added, result.updated, result.removed) == (1, 1, 1)
    assert len(store.log("anna")) == 2 + 3
    assert sorted(store.spans("anna")["document"]) == ["H1", "H2"]


def test_changes_on_both_sides_raise_a_conflict_naming_coder_and_both_sides(study, store):
    write_csv(study, "H1,44,54,channels/email,,\n")
    store.sync("anna")
    store.add_coding("H2", 34, 45, "channels/phone", coder="anna")
    write_csv(study, "H1,44,54,channels/email,negative,\n")
    with pytest.raises(ProjectError, match=r"(?s)anna\.csv, database .*project\.sqlite: "
                                           r"coder 'anna' has changes on both sides.*prefer"):
        store.sync("anna")
    assert len(store.spans("anna")) == 2  # nothing changed


def test_prefer_csv_takes_the_csv_and_prefer_db_keeps_the_database(study, store):
    write_csv(study, "H1,44,54,channels/email,,\n")
    store.sync("anna")
    store.add_coding("H2", 34, 45, "channels/phone", coder="anna")
    write_csv(study, "H1,44,54,channels/email,negative,\n")
    result = store.sync("anna", prefer="csv")
    assert (result.direction, result.updated, result.removed) == ("csv->db", 1, 1)
    store.add_coding("H2", 34, 45, "channels/phone", coder="anna")
    write_csv(study, "")
    assert store.sync("anna", prefer="db").direction == "db->csv"
    assert "channels/phone" in csv_file(study).read_text()


def test_both_sides_changed_the_same_way_is_not_a_conflict(study, store):
    write_csv(study, "H1,44,54,channels/email,,\n")
    store.sync("anna")
    store.add_coding("H2", 34, 45, "channels/phone", coder="anna")
    write_csv(study, "H1,44,54,channels/email,,\nH2,34,45,channels/phone,,\n")
    assert store.sync("anna").direction == "none"
    assert store.sync("anna").direction == "none"


def test_a_deleted_csv_never_deletes_codings(study, store):
    write_csv(study, "H1,44,54,channels/email,,\n")
    store.sync("anna")
    csv_file(study).unlink()
    assert store.sync("anna").direction == "db->csv"
    assert len(store.spans("anna")) == 1 and csv_file(study).is_file()


def test_sync_to_csv_refuses_to_overwrite_unsynced_csv_edits(study, store):
    write_csv(study, "H1,44,54,channels/email,,\n")
    with pytest.raises(ProjectError, match="CSV has changes the database does not have"):
        store.sync_to_csv("anna")
    assert store.sync_to_csv("anna", prefer="db").direction == "db->csv"


def test_sync_from_csv_leaves_newer_database_changes_for_a_later_sync(study, store):
    write_csv(study, "H1,44,54,channels/email,,\n")
    store.sync("anna")
    store.add_coding("H2", 34, 45, "channels/phone", coder="anna")
    assert store.sync_from_csv("anna").direction == "none"
    assert store.sync("anna").direction == "db->csv"


def test_a_bad_csv_row_is_reported_with_its_line_and_nothing_changes(study, store):
    write_csv(study, "H1,44,54,channels/email,,\nH1,44,54,channels/fax,,\n")
    with pytest.raises(Exception, match=r"(?s)anna\.csv.*line 3.*unknown code"):
        store.sync("anna")
    assert store.spans("anna").empty and store.log().empty


def test_unknown_prefer_value_is_refused(store):
    with pytest.raises(ProjectError, match="unknown side to prefer"):
        store.sync("anna", prefer="both")
