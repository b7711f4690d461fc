"""Method facts: the countable COREQ items, filled from the study."""
from __future__ import annotations

import pandas as pd

from interview_analysis import __version__
from interview_analysis.pipeline.method import method_facts
from interview_analysis.report.method import method_paragraph, method_table


def _facts(study):
    codebook = study.codebook()
    manual = pd.concat([study.codings(c, codebook=codebook) for c in study.coders()])
    return method_facts(study, study.corpus(), codebook, manual, ["researcher", "assistant"])


def test_facts_counted_from_the_study(study):
    facts = _facts(study)
    assert facts.n_participants == 5 and facts.n_documents == 5
    assert facts.modes == {"Teams": 3, "email": 2}
    assert facts.duration_range == (14.0, 45.0) and facts.n_without_duration == 2
    assert facts.date_range == ("2022-10-05", "2022-10-21")
    assert facts.double_coded == (2, 5)
    assert (facts.n_themes, facts.n_codes, facts.n_leaves) == (3, 10, 7)
    assert facts.groups == {"customer": 3, "expert": 2}
    assert facts.software["interview-analysis"] == __version__
    assert set(facts.software) == {"interview-analysis", "Python", "spaCy", "lemmatiser"}


def test_fact_table_in_english_and_finnish(study):
    facts = _facts(study)
    en = method_table(facts, "en").set_index("fact")
    assert en.loc["Double-coded documents", "value"] == "2/5 (40 %)"
    assert en.loc["Duration", "value"] == "14–45 min (2 without a duration)"
    assert en.loc["Participants", "coreq"] == 12
    fi = method_table(facts, "fi").set_index("fact")
    assert fi.loc["Haastattelutavat", "value"] == "Teams 3, email 2"
    assert fi.loc["Koodikirja", "value"] == "3 teemaa, 10 koodia (7 koodattavaa)"


def test_method_paragraph_reads_as_prose(study):
    facts = _facts(study)
    assert method_paragraph(facts, "en").startswith(
        "The data consist of the answers of five interviewees (5 documents). "
        "Interview modes: Teams 3, email 2. The interviews lasted 14–45 min")
    fi = method_paragraph(facts, "fi")
    assert fi.startswith("Aineistossa on viisi haastateltavaa (5 dokumenttia).")
    assert "Haastattelut tehtiin 5.10.–21.10.2022." in fi


def test_single_coder_has_no_double_coded_row(study):
    codebook = study.codebook()
    facts = method_facts(study, study.corpus(), codebook,
                         study.codings("researcher", codebook=codebook), ["researcher"])
    assert facts.double_coded == (0, 5)
    assert "Double-coded documents" not in method_table(facts, "en")["fact"].tolist()


def test_the_speaker_table_says_who_speaks_in_which_role_and_why(study):
    from interview_analysis.pipeline.results import analyse
    from interview_analysis.report.speakers import speaker_frame

    speakers = analyse(study, lang="fi").speakers
    first = speakers[speakers["document"] == "H1"]
    assert first[["speaker", "role", "role_from"]].values.tolist() == [
        ["Interviewer", "interviewer", "study.yaml"], ["H1", "participant", "others"]]
    table = speaker_frame(first, "fi")
    assert table.columns.tolist() == ["Dokumentti", "Puhuja", "Rooli", "Roolin peruste",
                                      "Vuoroja", "Sanoja"]
    assert table.iloc[0, :4].tolist() == ["H1", "Interviewer", "haastattelija", "study.yaml"]
    assert table.iloc[1, :4].tolist() == ["H1", "H1", "haastateltava", "muut puhujat"]
    assert table["Sanoja"].tolist() == first["words"].tolist()


def test_the_stance_figure_caption_counts_the_automatic_views():
    from interview_analysis.report.document import _auto_views_note

    stances = pd.DataFrame({"stance_origin": ["auto", "coder", None, "auto"]})
    assert _auto_views_note(stances, "en") == \
        "; 2 of 3 views read automatically from cue words (see Method)"
    assert _auto_views_note(stances, "fi") == \
        "; 2/3 näkemyksestä päätelty automaattisesti vihjesanoista (ks. Menetelmä)"
    assert _auto_views_note(stances.iloc[1:3], "en") == ""
