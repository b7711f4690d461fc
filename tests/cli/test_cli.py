"""The command line: thin, documented, and clean on errors (message, exit 2, no traceback)."""
from __future__ import annotations

import csv

import pytest
from helpers import write

from interview_analysis import cli


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_command_has_help(capsys):
    for name in cli.COMMANDS:
        with pytest.raises(SystemExit) as exc:
            cli.main([name, "--help"])
        assert exc.value.code == 0
        assert "usage: interview-analysis " + name in capsys.readouterr().out


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.COMMANDS if f"interview-analysis {name}" not in readme]
    assert missing == []


def test_every_option_a_command_offers_is_read_by_it():
    """An option that is accepted and ignored (suggest --codebook, export --unit once) is
    worse than none: the researcher believes it was applied."""
    import inspect
    import re

    from interview_analysis.cli.parser import COMMANDS
    unused = {}
    for name, command in COMMANDS.items():
        body = inspect.getsource(command.run)
        read = set(re.findall(r"args\.(\w+)", body))
        if "_study(args)" in body:
            read |= {"study", "lang"}
        if "_out(args" in body:
            read |= {"out", "format"}
        dests = [a.options.get("dest") or ([n for n in a.names if n.startswith("--")]
                                           or list(a.names))[0].lstrip("-").replace("-", "_")
                 for a in command.args]
        unused[name] = [d for d in dests if d not in read]
    assert {name: d for name, d in unused.items() if d} == {}


def test_version(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out.startswith("interview-analysis ")


def test_passages_command_writes_the_contract_columns(capsys, fi_study, tmp_path):
    out = tmp_path / "passages.csv"
    code, stdout, _ = run(capsys, "passages", fi_study, "--out", out)
    assert code == 0 and "wrote 6 rows" in stdout
    with out.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[:8] == ["passage_id", "document", "case", "start", "end", "speaker", "role",
                          "time_start"]
    assert "text" in header


def test_code_command_on_a_plain_folder(capsys, tmp_path):
    from helpers import CODEBOOK, FI_TRANSCRIPT
    write(tmp_path / "plain" / "H1.txt", FI_TRANSCRIPT)
    write(tmp_path / "cb.yaml", CODEBOOK)
    out = tmp_path / "codings.csv"
    code, _, _ = run(capsys, "code", tmp_path / "plain", "--lang", "fi", "--codebook",
                     tmp_path / "cb.yaml", "--out", out)
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {(r["passage_id"], r["code"]) for r in rows} == {
        ("H1:0002", "channels/email"), ("H1:0002", "channels/text_message"),
        ("H1:0004", "channels/video_meeting"), ("H1:0004", "personalisation/same_contact_person"),
        ("H1:0004", "personalisation/customer_knowledge")}
    email = next(r for r in rows if r["code"] == "channels/email")
    assert email["matched"] == "sähköpostitse; sähköpostiviestit"
    assert email["origin"] == "rule"
    # an excerpt of the coded text, not a copy of the whole passage (that is in passages)
    assert list(rows[0]) == ["document", "case", "passage_id", "start", "end", "code",
                             "origin", "coder", "stance", "score", "matched", "memo", "excerpt"]
    assert email["excerpt"] == ("Sähköpostitse on helpointa, sähköpostiviestit luen aina. "
                                "Tekstiviestejä en lue koskaan.")


def test_search_command_prints_hits_and_counts(capsys, fi_study):
    code, stdout, _ = run(capsys, "search", fi_study, "sähköposti")
    assert code == 0
    assert "[Sähköpostitse]" in stdout and "[sähköpostiviestit]" in stdout
    assert "[sähköpostilla]" in stdout


def test_errors_are_one_message_and_exit_2(capsys, fi_study):
    write(fi_study / "codebook.yaml", "themes:\n  - id: a\n    codes:\n      - id: b\n"
                                      "        rules: {fi: ['re:(']}\n")
    code, _, err = run(capsys, "code", fi_study)
    assert code == 2
    assert "codebook.yaml, line 4: bad rule in 'rules' (fi): invalid regular expression" in err
    assert "Traceback" not in err


def test_failed_command_writes_no_output(capsys, fi_study, tmp_path):
    write(fi_study / "cases.csv", "case,document\nH1,H1\nH2,H2\nH3,H3\n")
    out = tmp_path / "passages.csv"
    code, _, err = run(capsys, "passages", fi_study, "--out", out)
    assert code == 2 and "case 'H3' names a document that has no transcript" in err
    assert not out.exists() and list(tmp_path.glob(".passages.csv*")) == []


def test_init_scaffolds_a_study_that_loads(capsys, tmp_path):
    write(tmp_path / "mine" / "anna.txt", "Interviewer: Hi?\n\nAnna: Email is best.\n")
    code, stdout, _ = run(capsys, "init", tmp_path / "mine", "--lang", "en")
    assert code == 0 and "created study" in stdout
    assert (tmp_path / "mine" / "transcripts" / "anna.txt").exists()
    code, stdout, _ = run(capsys, "passages", tmp_path / "mine")
    assert code == 0 and "Email is best." in stdout
    code, _, err = run(capsys, "init", tmp_path / "mine")
    assert code == 2 and "already has a study.yaml" in err


def test_run_command_writes_the_report(capsys, fi_study, tmp_path):
    write(fi_study / "codings" / "researcher.csv",
          "document,start,end,code,stance,memo\nH1,49,62,channels/email,positive,#key\n")
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "run", fi_study, "--out", out)
    assert code == 0, err
    assert "Pieni tutkimus" in stdout
    for name in ("report.html", "report.docx", "recommendations.md", "codings.csv"):
        assert (out / name).is_file()
    assert sorted(p.suffix for p in (out / "figures").glob("framework.*")) == [".pdf", ".png"]
    code, _, err = run(capsys, "run", fi_study, "--out", out, "--figures", "svg,pdf")
    assert code == 0, err
    assert sorted(p.suffix for p in (out / "figures").glob("framework.*")) == [".pdf", ".svg"]


def test_run_takes_a_codebook_the_study_does_not_name(capsys, tmp_path):
    from helpers import CODEBOOK, FI_TRANSCRIPT
    write(tmp_path / "plain" / "H1.txt", FI_TRANSCRIPT)
    write(tmp_path / "cb.yaml", CODEBOOK)
    code, _, err = run(capsys, "run", tmp_path / "plain", "--lang", "fi", "--out",
                       tmp_path / "out")
    assert (code, err) == (2, f"error: {tmp_path / 'plain'}: this study has no codebook\n"
                              "  Fix: give --codebook FILE, or add 'codebook: FILE' to "
                              "study.yaml\n")
    code, _, err = run(capsys, "run", tmp_path / "plain", "--lang", "fi", "--codebook",
                       tmp_path / "cb.yaml", "--out", tmp_path / "out")
    assert code == 0, err
    codings = list(csv.DictReader((tmp_path / "out" / "codings.csv").open(encoding="utf-8")))
    assert {r["code"] for r in codings} == {
        "channels/email", "channels/text_message", "channels/video_meeting",
        "personalisation/same_contact_person", "personalisation/customer_knowledge"}


def test_run_names_a_wrong_figure_format_before_any_work(capsys, fi_study, tmp_path):
    code, _, err = run(capsys, "run", fi_study, "--out", tmp_path / "out", "--figures",
                       "pdf,jpeg")
    assert code == 2 and "Traceback" not in err
    assert err.startswith("error: unknown figure format (found 'jpeg')")
    assert "give one or more of pdf, png, svg" in err
    assert not (tmp_path / "out").exists()


def test_run_refuses_to_write_into_the_study(capsys, fi_study):
    code, _, err = run(capsys, "run", fi_study, "--out", fi_study)
    assert code == 2 and "Traceback" not in err and err.startswith("error: ")


def test_run_codes_sentences_when_asked_and_the_method_table_says_so(capsys, fi_study, tmp_path):
    out = tmp_path / "out"
    code, _, err = run(capsys, "run", fi_study, "--out", out, "--unit", "sentence",
                       "--figures", "png")
    assert code == 0, err
    passages = {p["passage_id"]: p["text"] for p in csv.DictReader(
        (out / "passages.csv").open(encoding="utf-8")) if p["document"] == "H1"}
    assert passages == {
        "H1:0001": "Mitkä kanavat ovat parhaita, kun yritys ottaa yhteyttä?",
        "H1:0002": "Sähköpostitse on helpointa, sähköpostiviestit luen aina.",
        "H1:0003": "Tekstiviestejä en lue koskaan.",
        "H1:0004": "Onko tärkeää asioida aina saman henkilön kanssa?",
        "H1:0005": "On hyvä, että on aina sama henkilö, jolle soittaa.",
        "H1:0006": "Teamsissa voi myös jutella.",
        "H1:0007": "Yhteyshenkilön pitäisi kirjata asiat CRM-järjestelmään."}
    codings = list(csv.DictReader((out / "codings.csv").open(encoding="utf-8")))
    # each code on the sentence that says it, not on the whole answer
    assert [(c["passage_id"], c["start"], c["end"], c["code"]) for c in codings
            if c["document"] == "H1"] == [
        ("H1:0002", "76", "132", "channels/email"),
        ("H1:0003", "133", "163", "channels/text_message"),
        ("H1:0005", "234", "284", "personalisation/same_contact_person"),
        ("H1:0006", "285", "312", "channels/video_meeting"),
        ("H1:0007", "313", "368", "personalisation/customer_knowledge"),
        ("H1:0007", "313", "368", "personalisation/same_contact_person")]
    method = {r["fact"]: r["value"] for r in csv.DictReader(
        (out / "tables" / "method.csv").open(encoding="utf-8"))}
    assert method["Koodausyksikkö"] == "virke"
    code, _, err = run(capsys, "run", fi_study, "--out", out, "--unit", "sentence",
                       "--figures", "png", "--report-lang", "en")
    assert code == 0, err
    method = {r["fact"]: r["value"] for r in csv.DictReader(
        (out / "tables" / "method.csv").open(encoding="utf-8"))}
    assert method["Coding unit"] == "sentence"
