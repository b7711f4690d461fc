"""The project database: schema, validation, the audit trail, transactions."""
from __future__ import annotations

import sqlite3

import pytest
from store_helpers import TEXT_H1, make_study, span_of

from interview_analysis.coding.codings import CODING_COLUMNS
from interview_analysis.errors import ProjectError
from interview_analysis.store import SCHEMA_VERSION, ProjectStore, db_path


@pytest.fixture
def study(tmp_path):
    return make_study(tmp_path / "study")


@pytest.fixture
def store(study):
    with ProjectStore.open(study, actor="tester") as opened:
        yield opened


def test_open_creates_the_database_in_wal_mode_with_foreign_keys(study, store):
    assert store.file == db_path(study) == study / ".interview-analysis" / "project.sqlite"
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"
    assert store.query("PRAGMA foreign_keys")[0][0] == 1
    assert store.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert store.query("PRAGMA busy_timeout")[0][0] >= 1000


def test_open_records_documents_with_hash_passages_cases_and_codebook(store):
    docs = {r["document"]: dict(r) for r in store.query("SELECT * FROM documents")}
    assert docs["H1"]["text"] == TEXT_H1 and len(docs["H1"]["sha256"]) == 64
    assert docs["H1"]["case_id"] == "H1"
    assert len(store.query("SELECT * FROM passages")) == 4
    attributes = {(r[0], r[1]): (r[2], r[3]) for r in store.query(
        "SELECT case_id, name, value, type FROM case_attributes")}
    assert attributes[("H1", "founded")] == ("2021", "integer")
    assert attributes[("H2", "industry")] == ("retail", "text")
    assert [r["code"] for r in store.query("SELECT code FROM codebook_codes ORDER BY position")] \
        == ["channels", "channels/email", "channels/phone"]


def test_same_codebook_is_stored_once_and_a_changed_one_as_a_new_version(study):
    ProjectStore.open(study).close()
    ProjectStore.open(study).close()
    (study / "codebook.yaml").write_text((study / "codebook.yaml").read_text()
                                         + "      - id: chat\n        label: Chat\n")
    with ProjectStore.open(study) as store:
        versions = store.query("SELECT version, yaml FROM codebooks ORDER BY version")
        assert len(versions) == 2 and "chat" in versions[1]["yaml"]
        assert store.meta("codebook_version") == str(versions[1]["version"])


def test_add_update_remove_are_logged_with_who_when_before_and_after(store):
    start, end = span_of(TEXT_H1, "Sähköposti on paras")
    cid = store.add_coding("H1", start, end, "channels/email", coder="anna")
    store.update_coding(cid, stance="positive", memo="selkeä")
    store.remove_coding(cid)
    log = store.log()
    assert list(log["action"]) == ["add", "update", "remove"]
    assert set(log["who"]) == {"tester"} and set(log["coder"]) == {"anna"}
    assert log["before"][0] is None and log["after"][2] is None
    assert log["before"][1]["stance"] is None and log["after"][1]["stance"] == "positive"
    assert log["after"][1]["memo"] == "selkeä" and log["before"][2]["memo"] == "selkeä"
    assert log["at"].str.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z").all()


def test_log_is_append_only(store):
    store.add_coding("H1", 44, 54, "channels/email", coder="anna")
    conn = sqlite3.connect(store.file)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE coding_log SET who = 'someone else'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM coding_log")
    conn.close()


def test_changes_made_with_plain_sql_are_still_logged(store):
    store.add_coding("H1", 44, 54, "channels/email", coder="anna")
    conn = sqlite3.connect(store.file)
    with conn:
        conn.execute("UPDATE codings SET stance = 'negative'")
    conn.close()
    last = store.log().iloc[-1]
    assert last["action"] == "update" and last["who"] == "direct SQL"
    assert last["after"]["stance"] == "negative"


def test_update_without_a_real_change_writes_no_log_entry(store):
    cid = store.add_coding("H1", 44, 54, "channels/email", coder="anna", stance="mixed")
    store.update_coding(cid, stance="mixed")
    assert len(store.log()) == 1


def test_bulk_write_is_all_or_nothing(store):
    rows = [{"document": "H1", "start": 44, "end": 54, "code": "channels/email"},
            {"document": "H1", "start": 60, "end": 70, "code": "channels/phone"},
            {"document": "H1", "start": 60, "end": 70, "code": "no/such_code"}]
    with pytest.raises(ProjectError, match="unknown code"):
        store.add_codings(rows, coder="anna")
    assert store.spans().empty and store.log().empty


@pytest.mark.parametrize("change, message", [
    ({"document": "H9"}, r"(?s)unknown document.*H1, H2"),
    ({"start": 60, "end": 50}, "offsets out of range"),
    ({"end": 10_000}, "offsets out of range"),
    ({"code": "channels/fax"}, "unknown code"),
    ({"stance": "neutral"}, "unknown stance"),
    ({"origin": "guess"}, "unknown origin"),
    ({"coder": ""}, "needs a coder"),
])
def test_add_coding_rejects_bad_values(store, change, message):
    row = {"document": "H1", "start": 44, "end": 54, "code": "channels/email", "coder": "anna",
           **change}
    with pytest.raises(ProjectError, match=message):
        store.add_codings([row])


def test_the_same_span_code_and_coder_cannot_be_added_twice(store):
    store.add_coding("H1", 44, 54, "channels/email", coder="anna")
    with pytest.raises(ProjectError, match=r"(?s)already coded.*update_coding"):
        store.add_coding("H1", 44, 54, "channels/email", coder="anna")
    store.add_coding("H1", 44, 54, "channels/email", coder="ben")  # another coder: fine


def test_codings_come_in_the_long_contract_format(store):
    start, end = span_of(TEXT_H1, "Puhelin ei toimi")
    store.add_coding("H1", start, end, "channels/phone", coder="anna", stance="negative",
                     memo="ei puhelinta")
    frame = store.codings()
    assert list(frame.columns) == CODING_COLUMNS
    row = frame.iloc[0]
    assert (row["passage_id"], row["case"], row["coder"], row["origin"]) == \
        ("H1:0002", "H1", "anna", "manual")
    assert row["stance"] == "negative" and row["memo"] == "ei puhelinta"
    assert store.codings(coder="ben").empty


def test_update_and_remove_by_key(store):
    key = {"coder": "anna", "document": "H1", "start": 44, "end": 54, "code": "channels/email"}
    store.add_coding(**{k: v for k, v in key.items()})
    assert store.update_coding(key, memo="muistiinpano")["memo"] == "muistiinpano"
    assert store.remove_coding(key)["memo"] == "muistiinpano"
    with pytest.raises(ProjectError, match="no such coding"):
        store.remove_coding(key)


def test_a_transcript_changed_under_its_codings_is_refused_unless_accepted(study):
    with ProjectStore.open(study) as store:
        store.add_coding("H1", 44, 54, "channels/email", coder="anna")
    (study / "transcripts" / "H1.txt").write_text(TEXT_H1.replace("paras", "kätevin"),
                                                  encoding="utf-8")
    with pytest.raises(ProjectError, match="transcript 'H1' has changed since its 1 codings"):
        ProjectStore.open(study)
    with ProjectStore.open(study, accept_changed=True) as store:
        assert "kätevin" in store.query("SELECT text FROM documents WHERE document = 'H1'")[0][0]


def test_a_database_from_a_newer_version_is_refused(study):
    ProjectStore.open(study).close()
    conn = sqlite3.connect(db_path(study))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ProjectError, match="newer|knows only up to"):
        ProjectStore.open(study)


def test_a_study_without_codebook_accepts_any_code(tmp_path):
    root = make_study(tmp_path / "plain", codebook=False)
    with ProjectStore.open(root) as store:
        store.add_coding("H1", 44, 54, "whatever/new", coder="anna")
        assert store.coders() == ["anna"]


def test_integrity_check_is_ok(store):
    assert store.integrity_check() == "ok"


def test_an_older_database_is_migrated_in_place_keeping_its_codings(study, monkeypatch):
    from interview_analysis.store import schema
    with ProjectStore.open(study) as store:
        store.add_coding("H1", 44, 54, "channels/email", coder="anna")
    monkeypatch.setattr(schema, "MIGRATIONS",
                        (*schema.MIGRATIONS, "ALTER TABLE codings ADD COLUMN confidence REAL;"))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with ProjectStore.open(study) as store:
        assert store.query("PRAGMA user_version")[0][0] == len(schema.MIGRATIONS)
        assert store.query("SELECT confidence FROM codings")[0][0] is None
        assert len(store.spans()) == 1 and len(store.log()) == 1


def test_a_full_disk_is_a_clean_error_and_writes_nothing(store):
    store.add_coding("H1", 44, 54, "channels/email", coder="anna")
    before = store.spans().values.tolist(), len(store.log())
    pages = store.query("PRAGMA page_count")[0][0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full
    rows = [{"document": "H1", "start": s, "end": s + 5, "code": "channels/email",
             "memo": "x" * 4000} for s in range(0, 60)]
    with pytest.raises(ProjectError, match=r"cannot write the project database \(database or "
                                           r"disk is full\)"):
        store.add_codings(rows, coder="anna")
    assert (store.spans().values.tolist(), len(store.log())) == before
    store._conn.execute("PRAGMA max_page_count = 1073741823")
    store.add_codings(rows[:1], coder="anna")  # and it works again once there is space
