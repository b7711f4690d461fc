"""Timed segment tables from speech-to-text tools (Whisper's .tsv, WhisperX CSV, Excel with
clock times) are one interview each, not a survey of one respondent per row."""
from __future__ import annotations

import warnings

import openpyxl
import pytest

from interview_analysis.corpus.readers import read_transcripts

WHISPER_TSV = ("start\tend\ttext\n"
               "0\t4200\tHow do you keep in touch with your customers?\n"
               "4200\t9800\tMostly by email, to be honest.\n"
               "9800\t15000\tPhone calls take too much time.\n")

WHISPERX_CSV = ("start,end,speaker,text\n"
                "0.0,4.2,SPEAKER_00,How do you keep in touch with your customers?\n"
                '4.2,9.8,SPEAKER_01,"Mostly by email, to be honest."\n'
                "9.8,15.0,SPEAKER_01,Phone calls take too much time.\n"
                "15.0,18.0,SPEAKER_00,And do you use a CRM?\n"
                "18.0,24.0,SPEAKER_01,We tried one but it was too complicated.\n"
                "24.5,26.0,SPEAKER_00,Why?\n"
                "26.0,30.0,SPEAKER_01,Nobody had time for it.\n")


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the guessed interviewer is said in a warning
        return read_transcripts(path)


def _turns(tr):
    return [(t.speaker, t.role, tr.text[t.start:t.end], t.time_start, t.time_end)
            for t in tr.turns]


def test_whispers_tsv_in_milliseconds_is_one_transcript_of_timed_segments(tmp_path):
    path = tmp_path / "H1.tsv"
    path.write_text(WHISPER_TSV, encoding="utf-8")
    [tr] = _read(path)
    assert (tr.document, tr.format) == ("H1", "csv-segments")
    assert tr.text == ("[00:00:00] How do you keep in touch with your customers?\n\n"
                       "[00:00:04] Mostly by email, to be honest.\n\n"
                       "[00:00:09] Phone calls take too much time.\n")
    assert _turns(tr) == [
        (None, None, "How do you keep in touch with your customers?", 0.0, 4.2),
        (None, None, "Mostly by email, to be honest.", 4.2, 9.8),
        (None, None, "Phone calls take too much time.", 9.8, 15.0)]


def test_a_speaker_column_gives_turns_and_the_asker_is_the_interviewer(tmp_path):
    path = tmp_path / "H2.csv"
    path.write_text(WHISPERX_CSV, encoding="utf-8")
    [tr] = _read(path)
    assert _turns(tr)[:3] == [
        ("SPEAKER_00", "interviewer", "How do you keep in touch with your customers?", 0.0,
         4.2),
        ("SPEAKER_01", "participant", "Mostly by email, to be honest. Phone calls take too "
                                      "much time.", 4.2, 15.0),
        ("SPEAKER_00", "interviewer", "And do you use a CRM?", 15.0, 18.0)]
    assert len(tr.turns) == 6


def test_an_excel_export_with_clock_times_and_finnish_headings(tmp_path):
    book = openpyxl.Workbook()
    for row in (["Alku", "Loppu", "Puhuja", "Teksti"],
                ["00:00:01", "00:00:05", "Haastattelija", "Miten pidätte yhteyttä?"],
                ["00:00:05", "00:01:10,5", "Haastateltava", "Sähköpostilla."]):
        book.active.append(row)
    book.save(tmp_path / "H3.xlsx")
    [tr] = _read(tmp_path / "H3.xlsx")
    assert _turns(tr) == [
        ("Haastattelija", "interviewer", "Miten pidätte yhteyttä?", 1.0, 5.0),
        ("Haastateltava", "participant", "Sähköpostilla.", 5.0, 70.5)]


@pytest.mark.parametrize("table", [
    # dates, not times: a survey with start and end dates
    "start,end,text\n2024-03-01,2024-03-02,The service was good and the staff was friendly.\n"
    "2024-03-02,2024-03-05,Far too slow and nobody answered my e-mails for a week.\n",
    # the starts are not in order: rows of respondents
    "start,end,text\n10,12,The service was good and the staff was friendly.\n"
    "3,4,Far too slow and nobody answered my e-mails for a week.\n",
])
def test_tables_that_are_not_timed_segments_stay_surveys(tmp_path, table):
    path = tmp_path / "kysely.csv"
    path.write_text(table, encoding="utf-8")
    assert [tr.format for tr in _read(path)] == ["csv", "csv"]


def test_answer_columns_named_in_study_yaml_keep_the_survey_reading(tmp_path):
    path = tmp_path / "H1.tsv"
    path.write_text(WHISPER_TSV, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = read_transcripts(path, text_columns=["text"])
    assert [tr.format for tr in found] == ["csv"] * 3


def _json(tmp_path, name, data):
    import json
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_whisperx_json_segments_with_speakers(tmp_path):
    path = _json(tmp_path, "H4.json", {"language": "en", "segments": [
        {"start": 0.0, "end": 4.2, "text": " How do you keep in touch?", "speaker": "SPEAKER_00",
         "words": []},
        {"start": 4.2, "end": 9.8, "text": " Mostly by email.", "speaker": "SPEAKER_01"},
        {"start": 9.8, "end": 12.0, "text": " It is quick.", "speaker": "SPEAKER_01"}]})
    [tr] = _read(path)
    assert (tr.document, tr.format) == ("H4", "json-segments")
    assert tr.text == ("[00:00:00] SPEAKER_00: How do you keep in touch?\n\n"
                       "[00:00:04] SPEAKER_01: Mostly by email. It is quick.\n")
    assert [(t.speaker, t.time_start, t.time_end) for t in tr.turns] == [
        ("SPEAKER_00", 0.0, 4.2), ("SPEAKER_01", 4.2, 12.0)]


def test_assemblyai_utterances_in_milliseconds_and_letter_speakers(tmp_path):
    path = _json(tmp_path, "H5.json", {"utterances": [
        {"speaker": "A", "start": 250, "end": 4200, "text": "How do you keep in touch?"},
        {"speaker": "B", "start": 4300, "end": 9800, "text": "Mostly by email."}]})
    [tr] = _read(path)
    assert [(t.speaker, t.role, t.time_start) for t in tr.turns] == [
        ("Speaker A", None, 0.25), ("Speaker B", None, 4.3)]  # not the Q/A letter "A"


@pytest.mark.parametrize("text, message", [
    ('{"segments": [', r"H6\.json, line 1, column 15: this is not valid JSON"),
    ('{"settings": {"a": 1}}', r"H6\.json: this JSON file holds no speech-to-text segments"),
    ('{"segments": [{"start": "x", "end": 2, "text": "a"}, {"start": 3, "end": 4, '
     '"text": "b"}]}', r"H6\.json: the segments of this JSON file have no readable start"),
])
def test_json_that_is_not_a_transcript_says_what_is_read(tmp_path, text, message):
    from interview_analysis.errors import InputError
    path = tmp_path / "H6.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_transcripts(path)


def test_a_damaged_row_of_a_segment_table_is_named_not_read_as_a_survey(tmp_path):
    from interview_analysis.errors import InputError
    path = tmp_path / "H7.tsv"
    path.write_text(WHISPER_TSV.replace("4200\t9800", "4200\t"), encoding="utf-8")
    with pytest.raises(InputError, match=r"H7\.tsv, row 3: a segment of this speech-to-text "
                                         r"table has no readable start and end time \(found "
                                         r"\('4200', ''\)\)"):
        read_transcripts(path)
