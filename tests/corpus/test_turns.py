"""Speaker turns from hand-made texts: each layout and each thing that is not a speaker."""
from __future__ import annotations

import docx
import pytest

from interview_analysis.corpus.labels import label_role
from interview_analysis.corpus.pages import drop_page_furniture
from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.corpus.turns import find_turns


def _turns(text: str, **options) -> list[tuple]:
    return [(t.speaker, t.role, text[t.start:t.end]) for t in find_turns(text, **options)]


@pytest.mark.parametrize("text", [
    "Haastattelija: Mitä?\nHaastateltava: Tätä.\n",
    "[00:00:01] Haastattelija: Mitä?\n[00:00:04] Haastateltava: Tätä.\n",
    "00:00:01 - Haastattelija: Mitä?\n00:00:04 - Haastateltava: Tätä.\n",
    "Haastattelija (00:00:01): Mitä?\nHaastateltava (00:00:04): Tätä.\n",
    "**Haastattelija:** Mitä?\n**Haastateltava:** Tätä.\n",
    "Haastattelija:\nMitä?\n\nHaastateltava:\nTätä.\n",
    "Haastattelija\nMitä?\n\nHaastateltava\nTätä.\n",
    "Haastattelija  0:01\nMitä?\n\nHaastateltava  0:04\nTätä.\n",
    "[Haastattelija] 10:00:01\nMitä?\n\n[Haastateltava] 10:00:04\nTätä.\n",
    "Haastattelija | Mitä?\nHaastateltava | Tätä.\n",
    "00:00:01 | Haastattelija | Mitä?\n00:00:04 | Haastateltava | Tätä.\n",
    "Haastattelija\tMitä?\nHaastateltava\tTätä.\n",
    "Haastattelija:\tMitä?\nHaastateltava:\tTätä.\n",
])
def test_every_layout_gives_the_same_two_turns(text):
    assert _turns(text) == [("Haastattelija", "interviewer", "Mitä?"),
                            ("Haastateltava", "participant", "Tätä.")]


def test_numbered_question_labels_are_one_speaker_each():
    assert _turns("Q1: Why?\nA1: Because.\nQ2: When?\nA2: Now.\n") == [
        ("Q", "interviewer", "Why?"), ("A", "participant", "Because."),
        ("Q", "interviewer", "When?"), ("A", "participant", "Now.")]


def test_q_and_a_with_a_full_stop_in_pairs():
    text = "Q. How did you start?\nA. My father had a shop.\nQ. What did he sell?\nA. Tools.\n"
    assert _turns(text) == [("Q", "interviewer", "How did you start?"),
                            ("A", "participant", "My father had a shop."),
                            ("Q", "interviewer", "What did he sell?"),
                            ("A", "participant", "Tools.")]


def test_list_items_with_a_letter_and_full_stop_open_no_turn():
    text = "A. Introduction\nB. Methods\nQ. is the question letter.\nA. Results.\n"
    assert _turns(text) == []


def test_a_participant_code_like_h1_stays_a_speaker():
    assert _turns("Haastattelija: Mitä?\nH1: Tätä.\n")[1] == ("H1", "participant", "Tätä.")


def test_header_fields_name_the_interviewer_and_are_no_turns():
    text = ("Haastattelija: Minna Koskinen (MK)\nHaastateltava: Jussi Salo (JS)\n\n"
            "MK: Mitä kuuluu?\nJS: Hyvää.\nMK: Entä töissä?\nJS: Kiirettä.\n")
    assert _turns(text)[:2] == [("MK", "interviewer", "Mitä kuuluu?"),
                                ("JS", "participant", "Hyvää.")]


def test_a_note_in_brackets_after_the_name_is_not_part_of_the_speaker():
    text = ("Moderator (LP): Welcome.\nAnna (HR): Thanks.\nModerator (LP): Go on?\n"
            "Anna (HR): Yes.\n")
    assert [s for s, _, _ in _turns(text)] == ["Moderator", "Anna", "Moderator", "Anna"]


@pytest.mark.parametrize("asker, answerer, roles", [
    ("Anna (Interviewer)", "John Smith", ("interviewer", "participant")),
    ("Anna Interviewer", "John Smith", ("interviewer", "participant")),
    ("Interviewer - Anna", "John Smith", ("interviewer", "participant")),
    # a labelled participant does not make the other speaker the interviewer (focus groups)
    ("Virtanen Matti", "Korhonen Liisa - haastateltava", (None, "participant")),
    ("Anna", "John", (None, None)),
])
def test_a_role_word_in_a_display_name_gives_the_role(asker, answerer, roles):
    text = (f"{asker}: How do you keep in touch?\n{answerer}: Mostly email.\n"
            f"{asker}: Why?\n{answerer}: It is quick.\n")
    assert _turns(text) == [(asker, roles[0], "How do you keep in touch?"),
                            (answerer, roles[1], "Mostly email."),
                            (asker, roles[0], "Why?"), (answerer, roles[1], "It is quick.")]


def test_a_short_exchange_where_only_one_speaker_asks_is_guessed():
    text = ("Speaker 1: How do you keep in touch with customers?\n"
            "Speaker 2: Mostly by email. Calls take too long.\n"
            "Speaker 1: And text messages?\nSpeaker 2: Never, I do not read them.\n")
    assert [(s, r) for s, r, _ in _turns(text)] == [
        ("Speaker 1", "interviewer"), ("Speaker 2", "participant")] * 2
    both_ask = text.replace("Never, I do not read them.", "Why would I read them?")
    assert {r for _, r, _ in _turns(both_ask)} == {None}


@pytest.mark.parametrize("label, role", [
    ("Korhonen, Liisa (haastateltava)", "participant"), ("Interviewer Anna Respondent", None),
    ("Interview notes", None), ("Speaker 2", None)])
def test_role_words_among_names_and_in_other_phrases(label, role):
    assert label_role(label) == role


def test_a_role_in_brackets_after_the_name_stays_in_the_speaker():
    text = ("Anna (Interviewer): Welcome.\nJohn (HR): Thanks.\nAnna (Interviewer): And?\n"
            "John (HR): Fine.\n")
    assert _turns(text) == [("Anna (Interviewer)", "interviewer", "Welcome."),
                            ("John", "participant", "Thanks."),
                            ("Anna (Interviewer)", "interviewer", "And?"),
                            ("John", "participant", "Fine.")]


def test_only_the_interviewer_labelled_alone_on_a_line():
    text = "Haastattelija\nMitä teet?\n\nOlen opettaja.\n\nHaastattelija\nMissä?\n\nKoulussa.\n"
    assert _turns(text) == [("Haastattelija", "interviewer", "Mitä teet?"),
                            (None, "participant", "Olen opettaja."),
                            ("Haastattelija", "interviewer", "Missä?"),
                            (None, "participant", "Koulussa.")]


def test_software_lines_end_the_turn():
    text = ("Haastattelija aloitti transkription\n\nHaastattelija  0:01\nMitä?\n\n"
            "Haastateltava  0:04\nTätä.\n\nHaastattelija lopetti transkription\n")
    assert _turns(text)[-1] == ("Haastateltava", "participant", "Tätä.")


def test_study_roles_and_names_are_labels_wherever_they_stand():
    text = "MK: Mitä?\nJS: Tätä.\nMK: Miksi?\nJS: Siksi.\n"
    assert _turns(text, roles={"mk": "interviewer"})[:2] == [
        ("MK", "interviewer", "Mitä?"), ("JS", "participant", "Tätä.")]
    assert _turns("Opettaja: Nyt.\nTeksti jatkuu.\n", known_speakers={"Opettaja"}) == [
        ("Opettaja", None, "Nyt.\nTeksti jatkuu.")]


def test_page_footers_repeated_with_their_page_numbers_are_left_out():
    text = ("A: First part\n\nReport 2019 1\nProject X\n\nmore text\n\nB: Next\n\n"
            "Report 2019 2\nProject X\n\nend\n\nA: More.\n")
    assert drop_page_furniture(text) == ("A: First part\n\nmore text\n\nB: Next\n\nend\n\n"
                                         "A: More.\n")
    same = "A: x\n\n(naurua)\n\nB: y\n\n(naurua)\n\nA: z\n"
    assert drop_page_furniture(same) == same  # no page number: kept
    numbered = "".join(f"P: unit {i}\n\n" for i in range(10))
    assert drop_page_furniture(numbered) == numbered  # speakers' lines, every block: kept
    lines = "".join(f"Vastaus {i}\n\n" for i in range(10))
    assert drop_page_furniture(lines) == lines  # every block alike: the text itself


def test_word_table_of_speaker_and_text_is_the_transcript(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for label, said in [("Haastattelija:", "Mitä?"), ("Haastateltava:", "Tätä."),
                        ("Haastattelija:", "Miksi?"), ("Haastateltava:", "Siksi.")]:
        row = table.add_row().cells
        row[0].text, row[1].text = label, said
    document.save(tmp_path / "H1.docx")
    [tr] = read_transcripts(tmp_path / "H1.docx")
    assert tr.attributes == {}
    assert [(t.speaker, tr.text[t.start:t.end]) for t in tr.turns][:2] == [
        ("Haastattelija", "Mitä?"), ("Haastateltava", "Tätä.")]


@pytest.mark.parametrize("text, time", [
    ("Speaker 1 00:00:03: Hello?\nSpeaker 2 00:00:05: Hi.\nSpeaker 1 00:00:07: And?\n"
     "Speaker 2 00:00:09: Nothing.\n", 5.0),
    ("Haastattelija: [00:01:12] Mitä?\nHaastateltava: [00:01:15] Tätä.\n", 75.0),
])
def test_times_after_the_name_or_at_the_start_of_the_text(text, time):
    turns = find_turns(text)
    assert turns[1].time_start == time
    assert not text[turns[1].start:turns[1].end].startswith(("[", "0"))


def test_reply_with_quoted_questions_saved_as_text():
    text = ("Hei,\n\nvastaukset alla.\n\n> 1. Mitä palveluita käytätte?\nPankkia.\n\n"
            "> Mitä arvostatte?\n> Entä mitä ette?\n\nNopeutta.\nToinen rivi.\n\n"
            "Terveisin\nMaija\n\n> Ystävällisin terveisin\n> Tutkija\n")
    assert _turns(text) == [
        (None, "interviewer", "1. Mitä palveluita käytätte?"), (None, "participant", "Pankkia."),
        (None, "interviewer", "Mitä arvostatte?\n> Entä mitä ette?"),
        (None, "participant", "Nopeutta.\nToinen rivi.")]
