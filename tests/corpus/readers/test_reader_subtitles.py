"""WebVTT (Teams, Zoom) and SubRip transcripts: cues, speakers, merged turns, timestamps."""
from __future__ import annotations

import re

import pytest

from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InputError

TEAMS_VTT = """WEBVTT

NOTE
This file was exported from Microsoft Teams.

STYLE
::cue { color: white }

3f1c9a2e-8d4b-4c7e-9a61-2b5f0e7d1c44/12-0
00:00:03.120 --> 00:00:05.480 align:start position:10%
<v Anna Virtanen>Tervetuloa haastatteluun.</v>

3f1c9a2e-8d4b-4c7e-9a61-2b5f0e7d1c44/12-1
00:00:05.600 --> 00:00:08.000
<v Anna Virtanen>Kerro aluksi
<i>yrityksestäsi</i>.</v>

3f1c9a2e-8d4b-4c7e-9a61-2b5f0e7d1c44/13-0
00:00:07.900 --> 00:00:12.250
<v Pekka Ranta>Meillä on 12 työntekijää &amp; <c.loud>kaksi</c>&nbsp;toimipistettä.</v>

3f1c9a2e-8d4b-4c7e-9a61-2b5f0e7d1c44/14-0
00:01:02.000 --> 00:01:04.500
<v Anna Virtanen>Kiitos &lt;3</v>
"""

TEAMS_TEXT = ("[00:00:03] Anna Virtanen: Tervetuloa haastatteluun. Kerro aluksi yrityksestäsi.\n"
              "\n"
              "[00:00:07] Pekka Ranta: Meillä on 12 työntekijää & kaksi toimipistettä.\n"
              "\n"
              "[00:01:02] Anna Virtanen: Kiitos <3\n")


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def spoken(transcript):
    return [(t.speaker, transcript.text[t.start:t.end], t.time_start, t.time_end)
            for t in transcript.turns]


def test_teams_vtt_voice_tags_merged_turns_and_canonical_text(tmp_path):
    [tr] = read_transcripts(write(tmp_path, "H1.vtt", TEAMS_VTT))
    assert tr.document == "H1"
    assert tr.format == "vtt"
    assert tr.text == TEAMS_TEXT
    assert spoken(tr) == [
        ("Anna Virtanen", "Tervetuloa haastatteluun. Kerro aluksi yrityksestäsi.", 3.12, 8.0),
        ("Pekka Ranta", "Meillä on 12 työntekijää & kaksi toimipistettä.", 7.9, 12.25),
        ("Anna Virtanen", "Kiitos <3", 62.0, 64.5),
    ]
    assert [t.role for t in tr.turns] == [None, None, None]


def test_teams_vtt_with_crlf_and_bom_gives_the_same_text(tmp_path):
    path = tmp_path / "H1.vtt"
    path.write_bytes(b"\xef\xbb\xbf" + TEAMS_VTT.replace("\n", "\r\n").encode("utf-8"))
    [tr] = read_transcripts(path)
    assert tr.text == TEAMS_TEXT


ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Maija Tutkija: Hei, kuuluuko ääni?

2
00:00:04.500 --> 00:00:06.000
Ville Yrittäjä: Kuuluu hyvin.

3
00:00:06.100 --> 00:00:09.000
Ville Yrittäjä: Aloitetaanko?

4
00:00:09.500 --> 00:00:11.000
Huom: tallennus alkoi

5
00:00:11.000 --> 00:00:13.000
joten jatketaan.

6
00:01:00.000 --> 00:01:02.000
Maija Tutkija: Kiitos.
"""


def test_zoom_vtt_name_prefixes_and_cues_without_speaker(tmp_path):
    [tr] = read_transcripts(write(tmp_path, "zoom.vtt", ZOOM_VTT))
    assert tr.text == ("[00:00:01] Maija Tutkija: Hei, kuuluuko ääni?\n\n"
                       "[00:00:04] Ville Yrittäjä: Kuuluu hyvin. Aloitetaanko?\n\n"
                       "[00:00:09] Huom: tallennus alkoi joten jatketaan.\n\n"
                       "[00:01:00] Maija Tutkija: Kiitos.\n")
    assert spoken(tr) == [
        ("Maija Tutkija", "Hei, kuuluuko ääni?", 1.0, 4.0),
        ("Ville Yrittäjä", "Kuuluu hyvin. Aloitetaanko?", 4.5, 9.0),
        (None, "Huom: tallennus alkoi joten jatketaan.", 9.5, 13.0),
        ("Maija Tutkija", "Kiitos.", 60.0, 62.0),
    ]


SRT = """1
00:00:01,000 --> 00:00:03,500
<i>Haastattelija: Miten aloititte?</i>

2
00:00:04,000 --> 00:00:07,250
Yrittäjä: Vuonna 1985,
isäni perusti yrityksen.

3
00:00:07,300 --> 00:00:08,000
{\\an8}(naurua)
"""


def test_srt_with_known_speaker_and_formatting(tmp_path):
    [tr] = read_transcripts(write(tmp_path, "H2.srt", SRT), known_speakers={"Yrittäjä"})
    assert tr.format == "srt"
    assert tr.text == ("[00:00:01] Haastattelija: Miten aloititte?\n\n"
                       "[00:00:04] Yrittäjä: Vuonna 1985, isäni perusti yrityksen.\n\n"
                       "[00:00:07] (naurua)\n")
    assert spoken(tr) == [
        ("Haastattelija", "Miten aloititte?", 1.0, 3.5),
        ("Yrittäjä", "Vuonna 1985, isäni perusti yrityksen.", 4.0, 7.25),
        (None, "(naurua)", 7.3, 8.0),
    ]
    # the interviewer is known, so the other named speaker is a participant
    assert [t.role for t in tr.turns] == ["interviewer", "participant", None]


def test_srt_label_seen_once_and_not_known_is_text(tmp_path):
    [tr] = read_transcripts(write(tmp_path, "H2.srt", SRT))
    assert [t.speaker for t in tr.turns] == ["Haastattelija", None]
    assert tr.text.splitlines()[2] == ("[00:00:04] Yrittäjä: Vuonna 1985, isäni perusti "
                                       "yrityksen. (naurua)")
    assert tr.turns[1].time_start == 4.0 and tr.turns[1].time_end == 8.0


def test_vtt_without_hours_and_header_metadata(tmp_path):
    text = "WEBVTT\nKind: captions\nLanguage: fi\n\n00:01.500 --> 00:03.000\n<v H>Moi</v>\n"
    [tr] = read_transcripts(write(tmp_path, "short.vtt", text))
    assert tr.text == "[00:00:01] H: Moi\n"
    assert (tr.turns[0].time_start, tr.turns[0].time_end) == (1.5, 3.0)
    assert tr.turns[0].role == "interviewer"


def test_broken_timestamp_names_line_and_value(tmp_path):
    text = TEAMS_VTT.replace("00:00:07.900 --> 00:00:12.250", "00:00:07.900 --> 00:00:1x.250")
    path = write(tmp_path, "H1.vtt", text)
    with pytest.raises(InputError, match=re.escape(
            "H1.vtt, line 19: this is not a cue timing line (expected HH:MM:SS.mmm --> "
            "HH:MM:SS.mmm) (found '00:00:07.900 --> 00:00:1x.250')")) as info:
        read_transcripts(path)
    assert "Fix: correct the timestamps" in str(info.value)


def test_srt_timing_without_arrow_is_an_error(tmp_path):
    path = write(tmp_path, "H2.srt", SRT.replace("00:00:04,000 --> 00:00:07,250",
                                                 "00:00:04,000 - 00:00:07,250"))
    with pytest.raises(InputError, match=r"H2\.srt, line 6: this is not a cue timing line "
                                         r".*found '00:00:04,000 - 00:00:07,250'"):
        read_transcripts(path)


def test_cue_ending_before_it_starts(tmp_path):
    path = write(tmp_path, "bad.srt", "1\n00:00:05,000 --> 00:00:04,000\nHei\n")
    with pytest.raises(InputError, match=r"bad\.srt, line 2: the cue ends before it starts "
                                         r"\(found '00:00:05,000 --> 00:00:04,000'\)"):
        read_transcripts(path)


def test_file_without_cues(tmp_path):
    path = write(tmp_path, "empty.vtt", "WEBVTT\n\nNOTE nothing was said\n")
    with pytest.raises(InputError, match=r"empty\.vtt: the subtitle file has no cues\n  Fix: "):
        read_transcripts(path)


def test_cues_without_text(tmp_path):
    path = write(tmp_path, "silent.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A></v>\n")
    with pytest.raises(InputError, match=r"silent\.vtt: the subtitle file has cues but no text"):
        read_transcripts(path)


def test_two_voices_in_one_cue_become_two_turns(tmp_path):
    text = ("WEBVTT\n00:00:01.000 --> 00:00:02.000\n"
            "<v.loud Anna Virtanen>Hei</v> <v Pekka Ranta>Moi &gt; terve</v>\n")
    [tr] = read_transcripts(write(tmp_path, "H5.vtt", text))
    assert tr.text == "[00:00:01] Anna Virtanen: Hei\n\n[00:00:01] Pekka Ranta: Moi > terve\n"
    assert spoken(tr) == [("Anna Virtanen", "Hei", 1.0, 2.0),
                          ("Pekka Ranta", "Moi > terve", 1.0, 2.0)]


@pytest.mark.parametrize("junk", ["<v." * 50_000, "<a" * 100_000])
def test_a_line_of_unclosed_tags_is_read_in_linear_time(tmp_path, junk):
    import time
    path = tmp_path / "H9.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + junk + "\n", encoding="utf-8")
    started = time.perf_counter()
    transcript = read_transcripts(path)[0]
    assert transcript.text.startswith("[00:00:01] ") and len(transcript.turns) == 1
    assert time.perf_counter() - started < 10  # was minutes (quadratic backtracking)


def test_whisperx_speaker_labels_in_brackets_are_speakers(tmp_path):
    srt = ("1\n00:00:00,031 --> 00:00:04,200\n[SPEAKER_00]: How do you keep in touch?\n\n"
           "2\n00:00:04,300 --> 00:00:09,800\n[SPEAKER_01]: Mostly by email, to be honest. "
           "It is quick and it leaves a trace.\n\n"
           "3\n00:00:09,900 --> 00:00:12,000\n[SPEAKER_00]: And phone calls?\n\n"
           "4\n00:00:12,100 --> 00:00:15,000\n[SPEAKER_01]: They take too much time.\n")
    [tr] = read_transcripts(write(tmp_path, "H1.srt", srt))
    assert [(s, text) for s, text, _, _ in spoken(tr)] == [
        ("SPEAKER_00", "How do you keep in touch?"),
        ("SPEAKER_01", "Mostly by email, to be honest. It is quick and it leaves a trace."),
        ("SPEAKER_00", "And phone calls?"), ("SPEAKER_01", "They take too much time.")]
    assert tr.text.startswith("[00:00:00] SPEAKER_00: How do you keep in touch?\n\n")
