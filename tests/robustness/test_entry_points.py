"""Every entry point against broken and hostile input, run through the command line.

Each case writes one bad input into a copy of a small, healthy study (which already has a
project database and a coder's codings), runs one ``interview-analysis`` command and checks
what a researcher sees and what is left behind:

* exit status 2 and one message on stderr starting with ``error: `` (never a traceback) that
  names the file and says what is wrong (a fragment of the message is asserted);
* no output: the ``--out`` file (or report folder, or import target) was not created, and no
  temporary file is left anywhere;
* nothing changed: every file of the study is byte-identical, and the project database has
  the same contents (an SQL dump of it) as before.

Inputs that are odd but valid (overlapping subtitle cues, legacy encodings, a 1 MB line) must
simply work: see ``ACCEPTED`` at the end.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from builders import (
    JUNK,
    XML_EXTERNAL,
    XML_LAUGHS,
    bomb_entry,
    deep_codes_xml,
    docx_replacing,
    docx_with_extra,
    eml,
    pdf_bytes,
    project_xml,
    qdc,
    qdpx,
    sparse_file,
    write_bytes,
    write_text,
    xlsx_with_cells,
    yaml_laughs,
    zip_file,
)
from helpers import CODEBOOK, FI_TRANSCRIPT, write

from interview_analysis import cli
from interview_analysis.corpus.readers import MAX_FILE_BYTES

H2_TEXT = "Haastattelija: Entä kanavat?\n\nH2: Puhelimitse mieluiten, ei sähköpostilla.\n"
STUDY_YAML = ("title: Pieni tutkimus\nlanguage: fi\ntranscripts: transcripts\ncases: cases.csv\n"
              "codebook: codebook.yaml\nspeakers:\n  Haastattelija: interviewer\n")
CASES = "case,document,industry,founded\nH1,H1,IT,2021\nH2,H2,retail,1989\n"
HEADER = "document,start,end,code,stance,memo\n"
# "Sähköpostitse" in H1, coded by the researcher and already in the project database
EMAIL = (FI_TRANSCRIPT.index("Sähköpostitse"), FI_TRANSCRIPT.index("Sähköpostitse") + 13)
RESEARCHER = HEADER + f"H1,{EMAIL[0]},{EMAIL[1]},channels/email,positive,\n"


# -- the healthy study every case starts from ------------------------------------------------
@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The study, synced once so that it has a project database with one coding."""
    root = tmp_path_factory.mktemp("template") / "study"
    write(root / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(root / "transcripts" / "H2.txt", H2_TEXT)
    write(root / "cases.csv", CASES)
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", STUDY_YAML)
    write(root / "codings" / "researcher.csv", RESEARCHER)
    assert cli.main(["sync", str(root)]) == 0
    assert (root / ".interview-analysis" / "project.sqlite").is_file()
    return root


def db_state(root: Path) -> str | None:
    """The project database's contents as an SQL dump (bytes' hash when it is not a DB)."""
    path = root / ".interview-analysis" / "project.sqlite"
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(path)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return "bytes:" + hashlib.sha256(path.read_bytes()).hexdigest()


def files_state(root: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``root`` except caches and the DB
    (size and modification time for files over 10 MB, such as the sparse 200 MB one)."""
    state = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in (".ia-cache", ".interview-analysis") or not path.is_file():
            continue
        info = path.stat()
        state[str(rel)] = (f"{info.st_size}:{info.st_mtime_ns}" if info.st_size > 10 * 2 ** 20
                           else hashlib.sha256(path.read_bytes()).hexdigest())
    return state


def leftovers(root: Path) -> list[Path]:
    """Temporary files or folders that a failed command left behind."""
    return [p for p in root.rglob("*") if p.name.endswith((".tmp", ".old", ".import-backup"))
            or p.name.startswith(".~")]


# -- the case table ---------------------------------------------------------------------------
@dataclass
class Case:
    """One bad input: set it up, run ``command``, expect ``message`` naming ``names``.

    ``command`` is a shell-like string with ``{study}``, ``{out}`` (an output file),
    ``{report}`` (a report folder), ``{new}`` (a folder that does not exist) and ``{tmp}``.
    """

    id: str
    command: str
    message: str
    names: str | None
    setup: Callable[[Path, Path], object] | None = None
    #: the message has a "Fix:" line (False only where the fix is inside the problem text)
    fix_line: bool = True


def tr(name: str, data: bytes | str):
    """Setup: put a transcript file ``name`` into the study."""
    def setup(study: Path, tmp: Path):
        path = study / "transcripts" / name
        return write_bytes(path, data) if isinstance(data, bytes) else write_text(path, data)
    return setup


def put(relative: str, data: bytes | str, where: str = "study"):
    """Setup: write a file relative to the study (or to the temporary folder)."""
    def setup(study: Path, tmp: Path):
        path = (study if where == "study" else tmp) / relative
        return write_bytes(path, data) if isinstance(data, bytes) else write_text(path, data)
    return setup


def yaml_with(extra: str):
    return put("study.yaml", STUDY_YAML + extra)


def codebook_with(text: str):
    return put("codebook.yaml", text)


def codings(text: str | bytes, coder: str = "researcher"):
    return put(f"codings/{coder}.csv", text)


def both(*setups):
    def setup(study: Path, tmp: Path):
        for s in setups:
            s(study, tmp)
    return setup


CB = "name: x\nlanguages: [fi]\nthemes:\n  - id: t\n    label: T\n"
CB_CODE = CB + "    codes:\n      - id: email\n"


def sheet(edit: Callable | None = None, title: str | None = None, coder: str = "anna"):
    """Setup: export a coding sheet of the study to ``{tmp}/sheet.xlsx`` and edit it."""
    def setup(study: Path, tmp: Path):
        import openpyxl

        from interview_analysis.exchange.sheet import export_sheet
        from interview_analysis.study.study import load_study
        path = export_sheet(load_study(study), tmp / "sheet.xlsx", coders=[coder])
        book = openpyxl.load_workbook(path)
        if edit is not None:
            edit(book[coder])
        if title is not None:
            book[coder].title = title
        book.save(path)
        return path
    return setup


def sheet_about(unit: str):
    def setup(study: Path, tmp: Path):
        import openpyxl
        sheet()(study, tmp)
        book = openpyxl.load_workbook(tmp / "sheet.xlsx")
        for row in book["_about"].iter_rows():
            if row[0].value == "unit":
                row[1].value = unit
        book.save(tmp / "sheet.xlsx")
    return setup


def cells(**values):
    def edit(ws):
        for ref, value in values.items():
            ws[ref] = value
    return edit


def cell(ref: str, value):
    def edit(ws):
        ws[ref] = value
    return edit


def db_edit(study: Path, tmp: Path):
    """Setup: a coding added in the database only (the CSV does not have it yet)."""
    from interview_analysis.store import ProjectStore
    with ProjectStore.open(study, actor="ben") as store:
        store.add_coding("H2", 34, 40, "channels/email", coder="researcher")


def junk_db(study: Path, tmp: Path):
    (study / ".interview-analysis" / "project.sqlite").write_bytes(JUNK)
    for suffix in ("-wal", "-shm"):
        (study / ".interview-analysis" / f"project.sqlite{suffix}").unlink(missing_ok=True)


def _checkpointed_db(study: Path) -> Path:
    """The project database with its write-ahead log folded in (so editing the file is all)."""
    path = study / ".interview-analysis" / "project.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def foreign_db(user_version: int):
    """Setup: an SQLite file of another program; with user_version 1 it looks like ours, with
    0 it must never be migrated into a project database."""
    def setup(study: Path, tmp: Path):
        path = _checkpointed_db(study)
        path.unlink()
        conn = sqlite3.connect(path)
        conn.executescript("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine'); "
                           f"PRAGMA user_version = {user_version};")
        conn.close()
    return setup


def db_check_broken(study: Path, tmp: Path):
    """Setup: a coding whose offsets break the CHECK constraint (written by other software)."""
    conn = sqlite3.connect(_checkpointed_db(study))
    conn.executescript("PRAGMA ignore_check_constraints = ON; "
                       "UPDATE codings SET start = 'abc';")
    conn.close()


def symlink_loop(relative: str, where: str = "tmp"):
    def setup(study: Path, tmp: Path):
        path = (study if where == "study" else tmp) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(path.name, path)
    return setup


def folder(relative: str):
    def setup(study: Path, tmp: Path):
        (tmp / relative).mkdir(parents=True)
    return setup


def old_report(study: Path, tmp: Path):
    write_text(tmp / "report" / "notes.txt", "my own notes, not a report")


CATASTROPHIC = "a" * 60 + "b"
LONG_CODINGS_FIELD = HEADER + f'H1,{EMAIL[0]},{EMAIL[1]},channels/email,,"' + "x" * 200_000 + '"\n'

CASES_TABLE = [
    # -- transcripts (read by every command; `passages` is the lightest) --------------------
    Case("docx-random-bytes", "passages {study} --out {out}",
         "cannot open this Word file", "H3.docx", tr("H3.docx", JUNK)),
    Case("docx-zip-without-document", "passages {study} --out {out}",
         "cannot open this Word file", "H3.docx",
         lambda s, t: zip_file(s / "transcripts" / "H3.docx", {"hello.txt": "x"})),
    Case("docx-zip-bomb", "passages {study} --out {out}", "possible zip bomb", "H3.docx",
         lambda s, t: docx_with_extra(s / "transcripts" / "H3.docx",
                                      {"word/media/image1.png": bomb_entry()})),
    Case("docx-entry-climbs-out", "passages {study} --out {out}",
         "climbs out of the archive", "H3.docx",
         lambda s, t: docx_with_extra(s / "transcripts" / "H3.docx", {"../../evil.sh": "x"})),
    Case("odt-random-bytes", "passages {study} --out {out}",
         "cannot open this OpenDocument text file", "H3.odt", tr("H3.odt", JUNK)),
    Case("pdf-damaged", "passages {study} --out {out}",
         "cannot read this PDF file (it is damaged", "H3.pdf", tr("H3.pdf", b"%PDF-1.4\n" + JUNK)),
    Case("xlsx-survey-random-bytes", "passages {study} --out {out}",
         "cannot open this Excel file", "H3.xlsx", tr("H3.xlsx", JUNK)),
    Case("txt-binary-junk", "passages {study} --out {out}",
         "this file contains binary data, not text", "H3.txt", tr("H3.txt", JUNK)),
    Case("txt-empty", "passages {study} --out {out}", "the transcript is empty", "H3.txt",
         tr("H3.txt", b"")),
    Case("txt-whitespace-only", "passages {study} --out {out}", "the transcript is empty",
         "H3.txt", tr("H3.txt", " \n\t\r\n  \n")),
    Case("txt-200-mb", "passages {study} --out {out}", "too large to be a transcript (200 MB",
         "H3.txt", lambda s, t: sparse_file(s / "transcripts" / "H3.txt", 200 * 2 ** 20)),
    Case("vtt-broken-timestamp", "passages {study} --out {out}",
         "line 3: this is not a cue timing line", "H3.vtt",
         tr("H3.vtt", "WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\n<v Anna>Hei</v>\n")),
    Case("vtt-cue-ends-before-it-starts", "passages {study} --out {out}",
         "line 3: the cue ends before it starts", "H3.vtt",
         tr("H3.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n<v Anna>Hei</v>\n")),
    Case("vtt-no-cues", "passages {study} --out {out}", "the subtitle file has no cues",
         "H3.vtt", tr("H3.vtt", "WEBVTT\n\nNOTE nothing here\n")),
    Case("srt-text-without-timing", "passages {study} --out {out}",
         "line 5: this is not a cue timing line", "H3.srt",
         tr("H3.srt", "1\n00:00:01,000 --> 00:00:02,000\nHei\n\nMoi\n")),
    Case("eml-not-an-email", "passages {study} --out {out}", "this file is not an email message",
         "H3.eml", tr("H3.eml", "Just some text that was named .eml\n")),
    Case("eml-without-text-body", "passages {study} --out {out}", "this email has no text body",
         "H3.eml", tr("H3.eml", eml("aGVsbG8=\n", "From: a@b.fi\nSubject: x\nContent-Type: "
                                    "image/png\nContent-Transfer-Encoding: base64\n"))),
    Case("csv-survey-unterminated-quote", "passages {study} --out {out}",
         "cannot read the survey table", "H3.csv",
         tr("H3.csv", 'id,answer\n1,"this answer never ends ' + "x" * 50 + "\n")),
    Case("csv-survey-duplicate-respondent", "passages {study} --out {out}",
         "row 3: the same respondent ID is in rows 2 and 3", "H3.csv",
         tr("H3.csv", "id,answer\nR1," + "a long enough answer " * 3 + "\nR1," +
            "another long answer here " * 3 + "\n")),
    Case("two-transcripts-same-id", "passages {study} --out {out}",
         "two transcripts have the same document ID", "H1.md", tr("H1.md", "H1: Hei.\n")),
    Case("no-transcripts", "passages {study} --out {out}", "no transcripts found", "transcripts",
         lambda s, t: [p.unlink() for p in (s / "transcripts").iterdir()]),

    # -- study.yaml -------------------------------------------------------------------------
    Case("yaml-syntax-error", "passages {study} --out {out}",
         "line 2, column 9: this is not valid YAML", "study.yaml",
         put("study.yaml", "title: [x\nlanguage: fi\n")),
    Case("yaml-not-a-mapping", "passages {study} --out {out}",
         "study.yaml must be a mapping of settings", "study.yaml", put("study.yaml", "- a\n")),
    Case("yaml-binary", "passages {study} --out {out}", "cannot read study.yaml", "study.yaml",
         put("study.yaml", JUNK)),
    Case("yaml-unknown-setting", "passages {study} --out {out}",
         "unknown setting (found 'titel')\n  Fix: did you mean 'title'?", "study.yaml",
         yaml_with("titel: x\n")),
    Case("yaml-duplicate-setting", "passages {study} --out {out}",
         "duplicate key 'language' (first at line 2)", "study.yaml", yaml_with("language: en\n")),
    Case("yaml-unknown-language", "passages {study} --out {out}",
         "line 2: unknown language code (found 'zz')", "study.yaml",
         put("study.yaml", STUDY_YAML.replace("language: fi", "language: zz"))),
    Case("yaml-language-read-as-false", "passages {study} --out {out}",
         "YAML read the value of 'language' as true/false", "study.yaml",
         put("study.yaml", STUDY_YAML.replace("language: fi", "language: no"))),
    Case("yaml-unknown-unit", "passages {study} --out {out}", "unknown passage unit",
         "study.yaml", yaml_with("unit: word\n")),
    Case("yaml-unknown-speaker-role", "passages {study} --out {out}",
         "speaker 'Haastattelija' has an unknown role (found 'boss')", "study.yaml",
         put("study.yaml", STUDY_YAML.replace("interviewer", "boss"))),
    Case("yaml-list-for-one-value", "passages {study} --out {out}",
         "'group' takes one value, not a list", "study.yaml", yaml_with("group: [a, b]\n")),
    Case("yaml-group-not-an-attribute", "passages {study} --out {out}",
         "'group' names a case attribute that the cases table does not have", "study.yaml",
         yaml_with("group: sector\n")),
    Case("yaml-transcripts-folder-missing", "passages {study} --out {out}",
         "the transcripts folder does not exist", "nowhere",
         put("study.yaml", STUDY_YAML.replace("transcripts: transcripts", "transcripts: nowhere"))),
    Case("yaml-cases-file-missing", "passages {study} --out {out}",
         "the cases table does not exist", "nope.csv",
         put("study.yaml", STUDY_YAML.replace("cases: cases.csv", "cases: nope.csv"))),
    Case("yaml-billion-laughs", "passages {study} --out {out}",
         "expand to more than 1,000,000 values", "study.yaml",
         put("study.yaml", "title: x\n" + yaml_laughs("research_questions"))),
    Case("yaml-recursive-alias", "passages {study} --out {out}", "would repeat endlessly",
         "study.yaml", put("study.yaml", "research_questions: &q\n  - *q\n")),
    Case("yaml-python-object", "passages {study} --out {out}",
         "could not determine a constructor", "study.yaml",
         put("study.yaml", 'title: !!python/object/apply:os.system ["echo pwned"]\n')),

    # -- cases.csv --------------------------------------------------------------------------
    Case("cases-empty", "passages {study} --out {out}", "the cases table is empty", "cases.csv",
         put("cases.csv", "")),
    Case("cases-binary", "passages {study} --out {out}", "binary data, not text", "cases.csv",
         put("cases.csv", JUNK)),
    Case("cases-missing-case-column", "passages {study} --out {out}",
         "row 1: the cases table has no 'case' column", "cases.csv",
         put("cases.csv", "industry,site\nIT,Oulu\n")),
    Case("cases-extra-fields", "passages {study} --out {out}",
         "row 3: a value stands in a column without a heading (found 'oops')", "cases.csv",
         put("cases.csv", CASES.replace("H2,H2,retail,1989", "H2,H2,retail,1989,oops"))),
    Case("cases-column-twice", "passages {study} --out {out}",
         "a column appears twice in the header", "cases.csv",
         put("cases.csv", "case,document,case\nH1,H1,x\n")),
    Case("cases-unknown-document", "passages {study} --out {out}",
         "row 3: case 'H2' names a document that has no transcript (found 'H6')", "cases.csv",
         put("cases.csv", CASES.replace("H2,H2", "H2,H6"))),
    Case("cases-case-twice", "passages {study} --out {out}",
         "row 3: the same case appears twice", "cases.csv",
         put("cases.csv", CASES.replace("H2,H2", "H1,H2"))),
    Case("cases-document-in-two-cases", "passages {study} --out {out}",
         "the same document belongs to two cases", "cases.csv",
         put("cases.csv", CASES.replace("H2,H2", "H2,H1"))),
    Case("cases-unterminated-quote", "passages {study} --out {out}",
         "cannot read the cases table", "cases.csv", put("cases.csv", 'case,document\n"H1,H1\n')),
    Case("cases-case-without-id", "passages {study} --out {out}", "row 2: a case has no ID",
         "cases.csv", put("cases.csv", "case,document\n,H1\n")),

    # -- codebook ---------------------------------------------------------------------------
    Case("codebook-syntax-error", "code {study} --out {out}",
         "line 3, column 4: this is not valid YAML", "codebook.yaml",
         codebook_with("themes:\n  - id: a\n   codes: [\n")),
    Case("codebook-without-themes", "code {study} --out {out}",
         "a codebook needs a list of themes", "codebook.yaml", codebook_with("name: x\n")),
    Case("codebook-binary", "code {study} --out {out}", "cannot read the file", "codebook.yaml",
         codebook_with(JUNK)),
    Case("codebook-duplicate-id", "code {study} --out {out}",
         "line 8: duplicate code ID (found 't/email')", "codebook.yaml",
         codebook_with(CB_CODE + "      - id: email\n")),
    Case("codebook-duplicate-key", "code {study} --out {out}", "duplicate key 'id'",
         "codebook.yaml", codebook_with(CB + "    id: u\n")),
    Case("codebook-parent-cycle", "code {study} --out {out}",
         "codes form a cycle through their parents (found 'a -> b -> a')", "codebook.yaml",
         codebook_with("codes:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n")),
    Case("codebook-unknown-parent", "code {study} --out {out}",
         "unknown parent code (found 'zz')", "codebook.yaml",
         codebook_with("codes:\n  - id: b\n    parent: zz\n")),
    Case("codebook-unknown-language", "code {study} --out {out}",
         "unknown language code in 'languages' (found 'klingon')", "codebook.yaml",
         codebook_with(CB.replace("[fi]", "[fi, klingon]"))),
    Case("codebook-rules-for-undeclared-language", "code {study} --out {out}",
         "'rules' is given for a language that is not in the codebook's 'languages:' "
         "(found 'fl')", "codebook.yaml", codebook_with(CB + "    rules: {fl: [posti]}\n")),
    Case("codebook-invalid-regex", "code {study} --out {out}",
         "line 4: bad rule in 'rules' (fi): invalid regular expression", "codebook.yaml",
         codebook_with(CB + "    rules: {fi: ['re:(']}\n")),
    Case("codebook-catastrophic-regex", "code {study} --out {out}",
         "(catastrophic backtracking)", "codebook.yaml",
         both(codebook_with(CB + "    rules: {fi: ['re:(a|aa)+$']}\n"),
              tr("H2.txt", H2_TEXT + "\nH2: " + CATASTROPHIC + "\n")),
         fix_line=False),  # raised in coding/coder.py: the advice is in the problem text
    Case("codebook-bad-proximity-rule", "code {study} --out {out}",
         "write proximity as 'word NEAR/3 word'", "codebook.yaml",
         codebook_with(CB + "    rules: {fi: ['sama NEAR henkilö']}\n")),
    Case("codebook-rule-not-text", "code {study} --out {out}",
         "a rule in 'rules' (fi) must be text", "codebook.yaml",
         codebook_with(CB + "    rules: {fi: [{a: b}]}\n")),
    Case("codebook-bad-code-id", "code {study} --out {out}",
         "a code ID must be lower-case letters", "codebook.yaml",
         codebook_with(CB.replace("id: t", "id: Bad Id"))),
    Case("codebook-parent-not-one-id", "code {study} --out {out}",
         "'parent' must be the ID of one code", "codebook.yaml",
         codebook_with("codes:\n  - id: a\n  - id: b\n    parent: [a]\n")),
    Case("codebook-recommendation-unknown-code", "code {study} --out {out}",
         "the recommendation names an unknown code as its evidence (found 'zz')",
         "codebook.yaml", codebook_with(CB + "    recommendation: {text: x, codes: [zz]}\n")),
    Case("codebook-billion-laughs", "code {study} --out {out}",
         "expand to more than 1,000,000 values", "codebook.yaml",
         codebook_with(yaml_laughs("examples") + "themes:\n  - id: a\n")),
    Case("codebook-recursive-alias", "code {study} --out {out}", "would repeat endlessly",
         "codebook.yaml", codebook_with("themes: &t\n  - id: a\n    codes: *t\n")),
    Case("codebook-nested-too-deeply", "code {study} --out {out}", "nested too deeply",
         "codebook.yaml", codebook_with("themes:\n" + "".join(
             "  " * (2 * i + 1) + f"- id: a{i}\n" + "  " * (2 * i + 2) + "codes:\n"
             # deeper than libyaml's limit of 1,000 levels, so every parser refuses it
             for i in range(600)) + "  " * 1201 + "- id: leaf\n")),
    Case("codebook-option-missing-file", "code {study} --codebook {tmp}/nope.yaml --out {out}",
         "file not found", "nope.yaml"),
    Case("codebook-option-is-a-folder", "code {study} --codebook {tmp} --out {out}",
         "this is a folder, not a YAML file", None),
    Case("codebook-qdc-damaged", "code {study} --codebook {tmp}/book.qdc --out {out}",
         "this is not well-formed XML", "book.qdc", put("book.qdc", JUNK, "tmp")),
    Case("codebook-qdc-billion-laughs", "code {study} --codebook {tmp}/book.qdc --out {out}",
         "the XML declares an entity", "book.qdc",
         put("book.qdc", XML_LAUGHS.replace("Project", "CodeBook"), "tmp")),

    # -- codings files ----------------------------------------------------------------------
    Case("codings-empty", "agreement {study} --out {out}",
         "line 1: the codings file is empty", "researcher.csv", codings("")),
    Case("codings-binary", "agreement {study} --out {out}", "binary data, not text",
         "researcher.csv", codings(JUNK)),
    Case("codings-missing-columns", "agreement {study} --out {out}",
         "the codings file is missing columns: end", "researcher.csv",
         codings("document,start,code\nH1,0,channels/email\n")),
    Case("codings-renamed-column", "agreement {study} --out {out}",
         "the codings file is missing columns: document", "researcher.csv",
         codings("doc,start,end,code\nH1,0,5,channels/email\n")),
    Case("codings-semicolons-after-excel", "agreement {study} --out {out}",
         "line 3: unknown code (found 'channels/fax')", "researcher.csv",
         codings("sep=;\ndocument;start;end;code\nH1;0;5;channels/fax\n")),
    Case("codings-column-twice", "agreement {study} --out {out}",
         "a column appears twice in the header (found 'code')", "researcher.csv",
         codings("document,start,end,code,code\nH1,0,5,channels/email,x\n")),
    Case("codings-extra-fields", "agreement {study} --out {out}",
         "line 2: the row has 7 fields but the header has 6 columns", "researcher.csv",
         codings(HEADER + f"H1,{EMAIL[0]},{EMAIL[1]},channels/email,,memo, with commas\n")),
    Case("codings-unknown-document", "agreement {study} --out {out}",
         "line 2: coding for an unknown document (found 'H9')", "researcher.csv",
         codings(HEADER + "H9,0,5,channels/email,,\n")),
    Case("codings-unknown-code", "agreement {study} --out {out}",
         "line 2: unknown code (found 'channels/fax')", "researcher.csv",
         codings(HEADER + "H1,0,5,channels/fax,,\n")),
    Case("codings-offsets-out-of-range", "agreement {study} --out {out}",
         "offsets out of range for document 'H1' (its text has 369 characters) "
         "(found (0, 99999))", "researcher.csv", codings(HEADER + "H1,0,99999,channels/email,,\n")),
    Case("codings-start-after-end", "agreement {study} --out {out}",
         "offsets out of range for document 'H1'", "researcher.csv",
         codings(HEADER + "H1,50,40,channels/email,,\n")),
    Case("codings-offsets-not-numbers", "agreement {study} --out {out}",
         "start and end must be whole numbers", "researcher.csv",
         codings(HEADER + "H1,0.0,5,channels/email,,\n")),
    Case("codings-unknown-stance", "agreement {study} --out {out}",
         "unknown stance (found 'happy')", "researcher.csv",
         codings(HEADER + f"H1,{EMAIL[0]},{EMAIL[1]},channels/email,happy,\n")),
    Case("codings-unterminated-quote", "agreement {study} --out {out}",
         "this is not a valid CSV file (unexpected end of data)", "researcher.csv",
         codings(HEADER + f'H1,{EMAIL[0]},{EMAIL[1]},channels/email,,"never closed\n'
                 f"H2,0,5,channels/email,,\n")),
    Case("codings-field-over-128-kb", "agreement {study} --out {out}",
         "this is not a valid CSV file (field larger than field limit", "researcher.csv",
         codings(LONG_CODINGS_FIELD)),
    Case("codings-coder-path-traversal", "agreement {study} --coder ../cases --out {out}",
         "this coder name cannot be a file name (codings/<coder>.csv) (found '../cases')", None),
    Case("codings-no-file-for-coder", "evaluate {study} --coder nobody",
         "no codings file for coder 'nobody'\n  Fix: coders with codings: researcher",
         "nobody.csv"),
    Case("reliability-one-coder", "reliability {study} --coders researcher --out {out}",
         "reliability needs at least two coders", None),
    Case("suggest-no-codings-file", "suggest {study} --coder nobody --out {out}",
         "no codings file for coder 'nobody'", "nobody.csv"),
    Case("suggest-zero-suggestions", "suggest {study} --coder researcher -n 0 --out {out}",
         "argument -n: must be at least 1", None),
    Case("evaluate-one-fold", "evaluate {study} --coder researcher --folds 1",
         "argument --folds: must be at least 2", None),

    # -- coding sheets (import FILE.xlsx --into STUDY) --------------------------------------
    Case("sheet-random-bytes", "import {tmp}/sheet.xlsx --into {study}",
         "this is not an .xlsx (ZIP) workbook", "sheet.xlsx", put("sheet.xlsx", JUNK, "tmp")),
    Case("sheet-zip-without-workbook", "import {tmp}/sheet.xlsx --into {study}",
         "this is not a readable .xlsx workbook", "sheet.xlsx",
         lambda s, t: zip_file(t / "sheet.xlsx", {"hello.txt": "x"})),
    Case("sheet-zip-bomb", "import {tmp}/sheet.xlsx --into {study}", "possible zip bomb",
         "sheet.xlsx", lambda s, t: zip_file(t / "sheet.xlsx", {"xl/big.xml": bomb_entry()})),
    Case("sheet-unknown-passage", "import {tmp}/sheet.xlsx --into {study}",
         "sheet 'anna', row 2, column passage_id: unknown passage ID 'H9:0001'", "sheet.xlsx",
         sheet(cells(B2="H9:0001", F2="channels/email"))),
    Case("sheet-bad-stance", "import {tmp}/sheet.xlsx --into {study}",
         "row 2, column stance: 'yes' is not a stance", "sheet.xlsx",
         sheet(cells(B2="H1:0002", F2="channels/email", G2="yes"))),
    Case("sheet-words-not-in-the-passage", "import {tmp}/sheet.xlsx --into {study}",
         "row 2, column words: 'something else' is not in passage H1:0002", "sheet.xlsx",
         sheet(cells(B2="H1:0002", E2="something else", F2="channels/email"))),
    Case("sheet-row-without-a-code", "import {tmp}/sheet.xlsx --into {study}",
         "sheet 'anna', row 2, column code: no code", "sheet.xlsx",
         sheet(cells(B2="H1:0002"))),
    Case("sheet-changes-codings-without-overwrite", "import {tmp}/sheet.xlsx --into {study}",
         "the coding sheet changes or removes codings that the codings files hold: "
         "researcher: 1 changed, 0 removed", "sheet.xlsx",
         sheet(cells(G2="negative"), coder="researcher")),
    Case("sheet-transcript-edited-since-the-export", "import {tmp}/sheet.xlsx --into {study}",
         "row 3: transcript H1 has changed since this sheet was exported", "sheet.xlsx",
         both(sheet(cells(B3="H1:0002", F3="channels/email"), coder="researcher"),
              tr("H1.txt", FI_TRANSCRIPT.replace("Mitkä", "Mitkäs")))),
    Case("sheet-unknown-unit", "import {tmp}/sheet.xlsx --into {study}",
         "sheet '_about': unknown passage unit (found 'word')", "sheet.xlsx", sheet_about("word")),
    Case("sheet-coder-name-not-a-file-name", "import {tmp}/sheet.xlsx --into {study}",
         "this coder name cannot be a file name", "sheet.xlsx", sheet(title="..")),

    # -- REFI-QDA import (import FILE --into FOLDER) ----------------------------------------
    Case("qdpx-random-bytes", "import {tmp}/x.qdpx --into {new}",
         "this is not a .qdpx (ZIP) archive", "x.qdpx", put("x.qdpx", JUNK, "tmp")),
    Case("qdpx-truncated", "import {tmp}/x.qdpx --into {new}",
         "this is not a .qdpx (ZIP) archive", "x.qdpx",
         lambda s, t: write_bytes(t / "x.qdpx", qdpx(t / "full.qdpx", project_xml())
                                  .read_bytes()[:300])),
    Case("qdpx-entry-climbs-out", "import {tmp}/x.qdpx --into {new}",
         "entry '../../evil.txt': an entry name climbs out of the archive", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", project_xml(), extra={"../../evil.txt": "x"})),
    Case("qdpx-absolute-entry", "import {tmp}/x.qdpx --into {new}",
         "an entry name is an absolute path", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", project_xml(), extra={"/etc/cron.d/evil": "x"})),
    Case("qdpx-billion-laughs", "import {tmp}/x.qdpx --into {new}",
         "entry project.qde: the XML declares an entity ('lol')", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", XML_LAUGHS)),
    Case("qdpx-external-entity", "import {tmp}/x.qdpx --into {new}",
         "the XML declares an external entity ('xxe')", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", XML_EXTERNAL)),
    Case("qdpx-zip-bomb", "import {tmp}/x.qdpx --into {new}", "possible zip bomb", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", project_xml(), extra={"sources/big.txt": bomb_entry()})),
    Case("qdpx-entry-without-a-name", "import {tmp}/x.qdpx --into {new}",
         "an entry name is empty", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", project_xml(), extra={"": "x"})),
    Case("qdpx-no-project-file", "import {tmp}/x.qdpx --into {new}",
         "the archive holds no project file (*.qde)", "x.qdpx",
         lambda s, t: zip_file(t / "x.qdpx", {"readme.txt": "x"})),
    Case("qdpx-two-project-files", "import {tmp}/x.qdpx --into {new}",
         "the archive holds 2 project files", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", project_xml(), extra={"other.qde": project_xml()})),
    Case("qdpx-malformed-xml", "import {tmp}/x.qdpx --into {new}",
         "this is not well-formed XML", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", "<Project><Sources></Project>")),
    Case("qdpx-wrong-root", "import {tmp}/x.qdpx --into {new}",
         "the root element of project.qde is <CodeBook>, not <Project>", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", "<CodeBook/>")),
    Case("qdpx-codes-nested-thousands-deep", "import {tmp}/x.qdpx --into {new}",
         "the XML nests elements more than 100 levels deep", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", deep_codes_xml(3000))),
    Case("qdpx-into-a-file", "import {tmp}/x.qdpx --into {study}/cases.csv",
         "the target of the import is a file, not a folder", "cases.csv",
         lambda s, t: qdpx(t / "x.qdpx", project_xml())),
    Case("qdpx-would-overwrite-study-files", "import {tmp}/x.qdpx --into {study}",
         "files already exist with other content", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", project_xml("H1"))),
    Case("qdc-random-bytes", "import {tmp}/book.qdc --into {new}",
         "this is not well-formed XML", "book.qdc", put("book.qdc", JUNK, "tmp")),
    Case("qdc-external-entity", "import {tmp}/book.qdc --into {new}",
         "the XML declares an external entity", "book.qdc",
         lambda s, t: qdc(t / "book.qdc", XML_EXTERNAL.replace("Project", "CodeBook"))),
    Case("qdc-without-codes", "import {tmp}/book.qdc --into {new}",
         "the codebook has no codes", "book.qdc",
         lambda s, t: qdc(t / "book.qdc", '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
                                          "<Codes/></CodeBook>")),
    Case("import-unknown-file-type", "import {tmp}/x.txt --into {study}",
         "unknown exchange format (found 'txt')", "x.txt", put("x.txt", "x", "tmp")),
    Case("import-missing-file", "import {tmp}/missing.qdpx --into {new}", "file not found",
         "missing.qdpx"),

    # -- project database (sync) ------------------------------------------------------------
    Case("sync-bad-codings-file", "sync {study}",
         "offsets out of range for document 'H1'", "researcher.csv",
         codings(HEADER + "H1,0,99999,channels/email,,\n")),
    Case("sync-new-transcript-and-bad-codings-file", "sync {study}",
         "unknown code (found 'channels/fax')", "researcher.csv",
         both(tr("H3.txt", "H3: Sähköposti on paras.\n"),
              put("cases.csv", CASES + "H3,H3,IT,2020\n"),
              codings(RESEARCHER + "H3,0,5,channels/fax,,\n"))),
    Case("sync-second-coder-fails", "sync {study}", "unknown stance (found 'maybe')",
         "zoe.csv", both(codings(RESEARCHER + "H2,34,40,channels/email,,\n"),
                         codings(HEADER + "H2,34,40,channels/email,maybe,\n", "zoe"))),
    Case("sync-both-sides-changed", "sync {study}",
         "coder 'researcher' has changes on both sides since the last sync", "researcher.csv",
         both(db_edit, codings(RESEARCHER + "H1,0,5,channels/text_message,,\n"))),
    Case("codings-the-same-span-twice-with-other-memos", "agreement {study} --out {out}",
         "lines 2 and 3 code the same span with the same code but differ in stance or memo",
         "researcher.csv", codings(RESEARCHER + f"H1,{EMAIL[0]},{EMAIL[1]},channels/email,"
                                                "negative,toinen\n")),
    Case("sync-reanchor-and-accept-changed", "sync {study} --reanchor --accept-changed",
         "--reanchor and --accept-changed exclude each other", None),
    Case("sync-transcript-changed-under-codings", "sync {study}",
         "transcript 'H1' has changed since its 1 codings were made", "H1.txt",
         tr("H1.txt", FI_TRANSCRIPT.replace("Mitkä", "Mitkäs"))),
    Case("sync-damaged-database", "sync {study}", "cannot open the project database",
         "project.sqlite", junk_db),
    Case("sync-coder-path-traversal", "sync {study} --coders ../../evil",
         "this coder name cannot be a file name", None),

    # -- the report (run) -------------------------------------------------------------------
    Case("run-bad-codings-file", "run {study} --out {report}",
         "unknown code (found 'channels/fax')", "researcher.csv",
         codings(HEADER + "H1,0,5,channels/fax,,\n")),
    Case("run-out-is-a-file", "run {study} --out {study}/cases.csv",
         "the output path is a file, not a folder", "cases.csv"),
    Case("run-out-is-the-study", "run {study} --out {study}",
         "the output folder would replace the study folder", "study"),
    Case("run-out-holds-other-files", "run {study} --out {tmp}/report",
         "the output folder already holds files that are not a report", "report", old_report),
    Case("run-out-inside-a-file", "run {study} --out {study}/cases.csv/report",
         "the output folder would be inside a file", "cases.csv"),

    # -- command-line options and outputs ---------------------------------------------------
    Case("no-command", "", "no command given", None),
    Case("unknown-command", "frobnicate", "invalid choice: 'frobnicate'", None),
    Case("missing-argument", "passages", "the following arguments are required: study", None),
    Case("unknown-unit", "passages {study} --unit word --out {out}",
         "argument --unit: invalid choice: 'word'", None),
    Case("unknown-table-format", "passages {study} --format pdf --out {out}",
         "argument --format: invalid choice: 'pdf'", None),
    Case("negative-width", "search {study} posti --width -5",
         "argument --width: must be at least 1", None),
    Case("unknown-language-option", "passages {study} --lang klingon --out {out}",
         "--lang: unknown language code (found 'klingon')", None),
    Case("search-bad-regex", "search {study} re:(", "cannot search for this", None),
    Case("out-is-a-folder", "passages {study} --out {tmp}", "the output is a folder, not a file",
         None),
    Case("out-inside-a-file", "passages {study} --out {study}/cases.csv/passages.csv",
         "the output would be inside a file", "cases.csv"),
    Case("export-unknown-format", "export {study} --out {tmp}/study.pdf",
         "unknown exchange format (found 'pdf')", "study.pdf"),
    Case("export-out-is-a-folder", "export {study} --format qdpx --out {tmp}",
         "the output is a folder, not a file", None),
    Case("study-folder-missing", "passages {tmp}/nowhere --out {out}",
         "the study folder does not exist", "nowhere"),
    Case("study-is-a-file", "passages {study}/cases.csv --out {out}",
         "this is a file, not a study folder", "cases.csv"),
    Case("init-on-a-file", "init {study}/cases.csv", "this is a file, not a folder",
         "cases.csv"),
    Case("init-existing-study", "init {study}", "this folder already has a study.yaml",
         "study.yaml"),
    Case("init-unknown-language", "init {new} --lang klingon", "unknown language code", None),

    # -- found by the hostile-file sweep (each gave exit 3, a hang or a memory blow-up) -----
    Case("docx-document-without-body", "passages {study} --out {out}",
         "cannot open this Word file", "H3.docx",
         lambda s, t: docx_replacing(s / "transcripts" / "H3.docx", "word/document.xml",
                                     '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                     'wordprocessingml/2006/main"/>')),
    Case("pdf-unsupported-stream-filter", "passages {study} --out {out}",
         "cannot read this PDF file (it is damaged", "H3.pdf",
         tr("H3.pdf", pdf_bytes("/Filter /Klingon"))),
    Case("pdf-header-only", "passages {study} --out {out}",  # pypdf's log lines stay quiet
         "cannot read this PDF file (it is damaged", "H3.pdf", tr("H3.pdf", b"%PDF-1.7\n")),
    Case("vtt-hours-of-thousands-of-digits", "passages {study} --out {out}",
         "line 3: this is not a cue timing line", "H3.vtt",
         tr("H3.vtt", "WEBVTT\n\n" + "9" * 5000 + ":00:01.000 --> 00:00:02.000\nHei\n")),
    Case("eml-thousands-of-nested-messages", "passages {study} --out {out}",
         "cannot read this email: a header or its MIME structure is damaged", "H3.eml",
         tr("H3.eml", "From: a@b.fi\nSubject: x\nContent-Type: message/rfc822\n\n" * 2000
            + "H3: Hei.\n")),
    Case("xlsx-survey-value-in-the-last-cell", "passages {study} --out {out}",
         "the table is too large: it spans 1,048,576 rows and 16,384 columns", "H3.xlsx",
         lambda s, t: xlsx_with_cells(s / "transcripts" / "H3.xlsx",
                                      {"A1": "id", "B1": "answer", "A2": "R1",
                                       "B2": "a long enough answer " * 3, "XFD1048576": "x"})),
    Case("yaml-path-with-nul", "passages {study} --out {out}",
         "study.yaml, line 3: the path contains a NUL character", "study.yaml",
         put("study.yaml", STUDY_YAML.replace("transcripts: transcripts",
                                              'transcripts: "tr\\0nscripts"'))),
    Case("yaml-path-too-long", "passages {study} --out {out}",
         "study.yaml, line 4: the path is too long for the file system", "study.yaml",
         put("study.yaml", STUDY_YAML.replace("cases: cases.csv", "cases: " + "c" * 5000))),
    Case("yaml-value-its-tag-cannot-hold", "passages {study} --out {out}",
         "line 1, column 8: this is not valid YAML: the value 'abc' cannot be read as int",
         "study.yaml", put("study.yaml", "title: !!int abc\n")),
    Case("yaml-larger-than-5-mb", "passages {study} --out {out}",
         "this is too large to be a study.yaml (the file is larger than 5 MB)", "study.yaml",
         put("study.yaml", STUDY_YAML + "research_questions:\n"
             + "  - a question that goes on and on\n" * 200_000)),
    Case("codebook-integer-of-thousands-of-digits", "code {study} --out {out}",
         "line 6, column 42: this is not valid YAML: the value '" + "9" * 37 + "...' cannot "
         "be read as int (Exceeds the limit (4300 digits)", "codebook.yaml",
         codebook_with(CB + "    recommendation: {text: x, min_cases: " + "9" * 5000 + "}\n")),
    Case("codebook-bad-timestamp", "code {study} --out {out}",
         "the value 'x' cannot be read as timestamp", "codebook.yaml",
         codebook_with(CB.replace("label: T", "label: !!timestamp x"))),
    Case("codebook-option-is-dev-zero", "code {study} --codebook /dev/zero --out {out}",
         "this is too large to be a YAML settings file (the file is larger than 5 MB)",
         "/dev/zero"),
    Case("codebook-long-chain-of-parents", "code {study} --out {out}",
         "line 5: unknown parent code (found 'c1')", "codebook.yaml",
         codebook_with("codes:\n  - id: c0\n" + "".join(
             f"  - id: c{i}\n    parent: c{i - 1}\n" for i in range(1, 3000)))),
    Case("codebook-near-distance-of-thousands-of-digits", "code {study} --out {out}",
         "the distance in NEAR/999999999999... is too large (at most 9 digits)", "codebook.yaml",
         codebook_with(CB + "    rules: {fi: ['posti NEAR/" + "9" * 5000 + " kanava']}\n")),
    Case("codebook-regex-with-conflicting-flags", "code {study} --out {out}",
         "invalid regular expression: VERSION0 and VERSION1 flags are mutually incompatible",
         "codebook.yaml", codebook_with(CB + "    rules: {fi: ['re:(?V1)posti']}\n")),
    Case("codebook-qdc-is-a-folder", "code {study} --codebook {tmp}/book.qdc --out {out}",
         "this is a folder, not a .qdc file", "book.qdc", folder("book.qdc")),
    Case("search-near-distance-of-thousands-of-digits",
         "search {study} 'posti NEAR/" + "9" * 5000 + " kanava'",
         "cannot search for this: the distance in NEAR/999999999999... is too large", None),
    Case("search-regex-with-conflicting-flags", "search {study} 're:(?V1)(?V0)a'",
         "cannot search for this: invalid regular expression", None),
    Case("search-width-absurd", "search {study} posti --width 999999999999",
         "argument --width: must be at most 1000", None),
    Case("reliability-the-same-coder-twice",
         "reliability {study} --coders researcher,researcher --out {out}",
         "reliability needs at least two coders (found ['researcher'])", None),
    Case("agreement-coder-name-too-long", "agreement {study} --coder " + "x" * 300
         + " --out {out}", "this coder name cannot be a file name", None),
    Case("out-name-too-long", "passages {study} --out {tmp}/" + "n" * 300 + ".csv",
         "the path is too long for the file system", None),
    Case("export-name-too-long", "export {study} --format qdpx --out {tmp}/" + "e" * 300
         + ".qdpx", "the path is too long for the file system", None),
    Case("study-path-too-long", "passages {tmp}/" + "s" * 300 + " --out {out}",
         "the path is too long for the file system", None),
    Case("init-path-too-long", "init {tmp}/" + "i" * 300,
         "the path is too long for the file system", None),
    Case("run-out-is-a-symlink-loop", "run {study} --out {tmp}/report",
         "the output folder is a broken or looping symbolic link", "report",
         symlink_loop("report")),
    Case("qdpx-unknown-xml-encoding", "import {tmp}/x.qdpx --into {new}",
         "this is not well-formed XML (unknown encoding: klingon)", "x.qdpx",
         lambda s, t: qdpx(t / "x.qdpx", project_xml().replace("utf-8", "klingon"))),
    Case("qdc-is-a-folder", "import {tmp}/book.qdc --into {new}",
         "this is a folder, not a .qdc file", "book.qdc", folder("book.qdc")),
    Case("sheet-value-in-the-last-cell", "import {tmp}/sheet.xlsx --into {study}",
         "sheet 'anna' is too large: it spans 1,048,576 rows and 16,384 columns", "sheet.xlsx",
         sheet(cell("XFD1048576", "x"))),
    Case("sync-database-of-another-program", "sync {study}",
         "it is not an interview-analysis project database (no table case_attributes",
         "project.sqlite", foreign_db(1)),
    Case("sync-unversioned-database-of-another-program", "sync {study}",
         "it is not an interview-analysis project database (it holds another program's "
         "tables)", "project.sqlite", foreign_db(0)),
    Case("agreement-database-row-breaks-a-check", "sync {study}",
         "the file is damaged: CHECK constraint failed in codings", "project.sqlite",
         db_check_broken),
]


def _run_case(case: Case, template: Path, tmp_path: Path, capsys):
    study = tmp_path / "study"
    shutil.copytree(template, study)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    paths = {"study": study, "tmp": tmp, "out": tmp_path / "out" / "result.csv",
             "report": tmp_path / "report", "new": tmp_path / "new"}
    if case.setup is not None:
        case.setup(study, tmp)
    argv = [part.format(**paths) for part in shlex.split(case.command)]
    before = (files_state(study), db_state(study), files_state(tmp))
    capsys.readouterr()
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err, before, (files_state(study), db_state(study), files_state(tmp)), paths


@pytest.mark.parametrize("case", CASES_TABLE, ids=[c.id for c in CASES_TABLE])
def test_bad_input_gives_one_message_exit_2_and_changes_nothing(case, template, tmp_path,
                                                                capsys):
    code, _, err, before, after, paths = _run_case(case, template, tmp_path, capsys)
    assert code == 2, err
    assert err.startswith("error: "), err
    assert "Traceback" not in err and "unexpected problem" not in err, err
    assert case.message in err, err
    if case.names is not None:
        assert case.names in err, err
    if case.fix_line:
        assert "\n  Fix: " in err, f"the message suggests no fix:\n{err}"
    assert not paths["out"].exists() and not (tmp_path / "out").exists()
    assert not paths["new"].exists() and not paths["report"].exists()
    assert after == before, "a failed command changed files or the project database"
    assert leftovers(tmp_path) == []


# -- odd but valid input must simply work ------------------------------------------------------
VTT_OVERLAP = ("WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Anna>Sähköposti on paras.</v>\n\n"
               "00:00:02.000 --> 00:00:03.000\n<v Ben>Niin on.</v>\n\n"
               "00:00:00.500 --> 00:00:01.500\n<v Anna>Aivan.</v>\n")
ACCEPTED = [
    ("vtt-overlapping-cues", "H3.vtt", VTT_OVERLAP.encode("utf-8")),
    ("txt-one-megabyte-line", "H3.txt", ("H3: " + "sähköposti " * 95_000).encode("utf-8")),
    ("txt-cp1252", "H3.txt", "H3: Hyvä päivä, sähköposti on paras.\n".encode("cp1252")),
    ("txt-utf16-without-bom", "H3.txt", "H3: Hyvä päivä ja sähköposti.\n".encode("utf-16-le")),
    ("txt-utf8-bom-crlf", "H3.txt", "\ufeffH3: Hyvä päivä.\r\nH3: Sähköposti.\r\n"
     .encode("utf-8")),
    ("txt-mixed-utf8-and-cp1252", "H3.txt", "H3: Hyvä päivä\n".encode("utf-8")
     + "H3: Sähköposti on hyvä\n".encode("cp1252")),
    ("eml-damaged-from-header", "H3.eml", b'From: "Anna" <\nSubject: Vastaukset\n\n'
     b"H3: Hei.\nH3: Sahkoposti on paras.\n"),
]


@pytest.mark.parametrize("name,data", [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_odd_but_valid_transcripts_are_read(name, data, template, tmp_path, capsys):
    study = tmp_path / "study"
    shutil.copytree(template, study)
    write_bytes(study / "transcripts" / name, data)
    write_text(study / "cases.csv", CASES + "H3,H3,IT,2020\n")
    out = tmp_path / "passages.csv"
    code = cli.main(["passages", str(study), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert out.is_file() and "H3:0001" in out.read_text(encoding="utf-8")


ODD_CODINGS = [
    ("lock-files-of-other-programs", lambda s: [
        write_bytes(s / "codings" / name, b"\x00\x08anna  \x00\xff" * 20)
        for name in ("~$researcher.csv", "._researcher.csv", ".~lock.researcher.csv#")],
     "ignoring files that other programs keep"),
    ("the-same-row-twice", lambda s: write_text(
        s / "codings" / "researcher.csv", RESEARCHER + RESEARCHER.splitlines()[1] + "\n"),
     "lines 2 and 3 are the same coding twice; each counts once"),
    ("transcript-edited-since-the-sync", lambda s: write_text(
        s / "transcripts" / "H1.txt", FI_TRANSCRIPT.replace("Mitkä", "Mitkäs")),
     "they are used where their words are now"),
]


@pytest.mark.parametrize("name,setup,warning", ODD_CODINGS, ids=[c[0] for c in ODD_CODINGS])
def test_odd_but_valid_codings_work_with_one_warning(name, setup, warning, template, tmp_path,
                                                     capsys):
    study = tmp_path / "study"
    shutil.copytree(template, study)
    setup(study)
    out = tmp_path / "agreement.csv"
    code = cli.main(["agreement", str(study), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.count(warning) == 1 and "error" not in err
    assert "channels/email" in out.read_text(encoding="utf-8")


def test_the_size_limit_is_what_the_message_says():
    assert MAX_FILE_BYTES == 100 * 2 ** 20


# -- the last resort: a bug is reported, never a traceback ---------------------------------------
def _broken_command(args):
    raise ZeroDivisionError("division by zero in a test")


def test_an_unexpected_exception_is_one_message_and_exit_3(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(cli.COMMANDS, "passages",
                        dataclasses.replace(cli.COMMANDS["passages"], run=_broken_command))
    monkeypatch.delenv("INTERVIEW_ANALYSIS_DEBUG", raising=False)
    code = cli.main(["passages", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == cli.EXIT_BUG == 3
    assert err.startswith("error: unexpected problem: ZeroDivisionError: division by zero in a "
                          "test\n")
    assert "Please report it" in err and "Traceback" not in err


def test_the_debug_switch_adds_the_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(cli.COMMANDS, "passages",
                        dataclasses.replace(cli.COMMANDS["passages"], run=_broken_command))
    monkeypatch.setenv("INTERVIEW_ANALYSIS_DEBUG", "1")
    assert cli.main(["passages", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: unexpected problem:") and "Traceback" in err


def test_an_interrupt_exits_130_without_a_traceback(monkeypatch, capsys, tmp_path):
    def interrupted(args):
        raise KeyboardInterrupt
    monkeypatch.setitem(cli.COMMANDS, "passages",
                        dataclasses.replace(cli.COMMANDS["passages"], run=interrupted))
    assert cli.main(["passages", str(tmp_path)]) == 130
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("argv,status", [
    (["passages", "{tmp}/nowhere"], 2),
    (["passages", "--unit", "word", "{tmp}"], 2),
])
def test_the_real_command_exits_with_the_status_and_no_traceback(argv, status, tmp_path):
    """The installed entry point, in its own process: what a researcher's shell sees."""
    argv = [a.format(tmp=tmp_path) for a in argv]
    done = subprocess.run([sys.executable, "-m", "interview_analysis.cli", *argv],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "INTERVIEW_ANALYSIS_DEBUG": ""})
    assert done.returncode == status
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert done.stdout == ""
