"""A hand-made five-interview English study with two coders (import from report_fixtures).

The researcher codes all five interviews, an assistant codes H1 and H2 (double-coded share
2/5). The codebook's recommendations are built so that exactly three are supported:

==========================  ===============================  =========  ====================
recommendation on           rule                             evidence   expected
==========================  ===============================  =========  ====================
personalisation/same        3 cases, positive                5          supported
personalisation/small_talk  2 cases, positive                1 (H2)     1 of the required 2
channels/email              3 cases, any stance              5          supported
channels/text_message       3 cases, negative                2          2 of the required 3
development/crm             2 cases                          1          1 of the required 2
development/events          3 cases, positive on phone       H1 H4 H5   supported
==========================  ===============================  =========  ====================
"""
from __future__ import annotations

from pathlib import Path

import pytest

TRANSCRIPTS = {
    "H1": """Interviewer: Is it valuable to deal with the same representative every time?

H1: Yes, always the same person is efficient because they remember what we agreed earlier.

Interviewer: Which channels work best when a provider contacts you?

H1: Email first, it is flexible and I can read it when I have time. Then we agree a time for a phone call. I never read text messages.

Interviewer: Anything else you would improve?

H1: Problems told once should be in the CRM so that every representative knows them.
""",
    "H2": """Interviewer: Is it valuable to deal with the same representative every time?

H2: A named account manager is very valuable; tacit knowledge builds up over the years.

Interviewer: How important is small talk?

H2: Small talk is important, the first ten minutes face to face are about other things than business.

Interviewer: Which channels work best?

H2: Email is generally the best channel for us. Customer events such as breakfast webinars are great for networking.
""",
    "H3": """Interviewer: Is it valuable to deal with the same representative every time?

H3: A named contact person reachable by phone or email would be great.

Interviewer: Which channels work best?

H3: Email and phone.
""",
    "H4": """Interviewer: Is it valuable to deal with the same representative every time?

H4: Calling my own contact person is like calling a friend; the internet problem was solved in one call.

Interviewer: Which channels work best?

H4: Phone or Teams, because I can explain things. I never read text messages, and email only when the subject line is personal.

Interviewer: How important is small talk?

H4: I like small talk, but when I am busy the representative should stick to business.
""",
    "H5": """Interviewer: Is it valuable to deal with the same representative every time?

H5: The same person is excellent if the chemistry works, it lowers the threshold to ask questions.

Interviewer: Which channels work best?

H5: Phone is best for me; email drowns in all the junk mail I get every day.
""",
}

CODEBOOK = """\
name: report-fixture
languages: [en, fi]
themes:
  - id: personalisation
    label: {en: Personalisation, fi: Henkilökohtaisuus}
    definition: {en: How personal the service is., fi: Palvelun henkilökohtaisuus.}
    codes:
      - id: same_contact
        label: {en: Same contact person, fi: Sama yhteyshenkilö}
        recommendation:
          text: {en: Give every customer a named contact person., fi: Nimeä jokaiselle asiakkaalle yhteyshenkilö.}
          min_cases: 3
          stance: positive
      - id: small_talk
        label: {en: Small talk, fi: Muu kuin liikepuhe}
        recommendation:
          text: {en: Train staff in small talk., fi: Kouluta henkilöstö keskustelemaan.}
          min_cases: 2
          stance: positive
  - id: channels
    label: {en: Communication channels, fi: Viestintäkanavat}
    codes:
      - id: email
        label: {en: Email, fi: Sähköposti}
        rules: {en: [email], fi: [sähköposti]}
        recommendation:
          text: {en: Personalise email subject lines., fi: Personoi sähköpostien otsikot.}
          min_cases: 3
      - id: phone
        label: {en: Phone, fi: Puhelin}
        rules: {en: [phone], fi: [puhelin]}
      - id: text_message
        label: {en: Text message, fi: Tekstiviesti}
        rules: {en: [text message], fi: [tekstiviesti]}
        recommendation:
          text: {en: Do not use text messages., fi: Älä käytä tekstiviestejä.}
          min_cases: 3
          stance: negative
  - id: development
    label: {en: Development ideas, fi: Kehitysideat}
    codes:
      - id: crm
        label: {en: Customer data in the CRM, fi: Asiakastieto CRM:ssä}
        rules: {en: [crm]}
        recommendation:
          text: {en: Record problems in the CRM., fi: Kirjaa ongelmat CRM:ään.}
          min_cases: 2
      - id: events
        label: {en: Customer events, fi: Asiakastapahtumat}
        recommendation:
          text: {en: Call customers who prefer the phone., fi: Soita puhelinta suosiville.}
          min_cases: 3
          stance: positive
          codes: [channels/phone]
"""

#: (document, exact phrase, code, stance) — the researcher's codings.
RESEARCHER = [
    ("H1", "always the same person is efficient", "personalisation/same_contact", "positive"),
    ("H1", "Email first, it is flexible", "channels/email", "positive"),
    ("H1", "agree a time for a phone call", "channels/phone", "positive"),
    ("H1", "I never read text messages", "channels/text_message", "negative"),
    ("H1", "Problems told once should be in the CRM", "development/crm", "positive"),
    ("H2", "A named account manager is very valuable", "personalisation/same_contact", "positive"),
    ("H2", "Small talk is important", "personalisation/small_talk", "positive"),
    ("H2", "Email is generally the best channel for us", "channels/email", "positive"),
    ("H2", "Customer events such as breakfast webinars are great", "development/events",
     "positive"),
    ("H3", "A named contact person reachable", "personalisation/same_contact", "positive"),
    ("H3", "Email and phone.", "channels/email", ""),
    ("H3", "Email and phone.", "channels/phone", ""),
    ("H4", "Calling my own contact person is like calling a friend",
     "personalisation/same_contact", "positive"),
    ("H4", "Phone or Teams", "channels/phone", "positive"),
    ("H4", "I never read text messages", "channels/text_message", "negative"),
    ("H4", "email only when the subject line is personal", "channels/email", "mixed"),
    ("H4", "I like small talk, but when I am busy", "personalisation/small_talk", "mixed"),
    ("H5", "The same person is excellent if the chemistry works",
     "personalisation/same_contact", "positive"),
    ("H5", "Phone is best for me", "channels/phone", "positive"),
    ("H5", "email drowns in all the junk mail", "channels/email", "negative"),
]

#: The assistant double-codes H1 and H2, missing the phone call and adding small talk.
ASSISTANT = [
    ("H1", "always the same person is efficient", "personalisation/same_contact", "positive"),
    ("H1", "Email first, it is flexible", "channels/email", "positive"),
    ("H1", "I never read text messages", "channels/text_message", "negative"),
    ("H1", "Problems told once should be in the CRM", "development/crm", ""),
    ("H2", "A named account manager is very valuable", "personalisation/same_contact", "positive"),
    ("H2", "Email is generally the best channel for us", "channels/email", "positive"),
    ("H2", "the first ten minutes face to face", "personalisation/small_talk", "positive"),
]

EXPECTED_SUPPORTED = ["personalisation/same_contact", "channels/email", "development/events"]
EXPECTED_UNSUPPORTED = {
    "personalisation/small_talk": "1 of the required 2 interviewees with a positive stance",
    "channels/text_message": "2 of the required 3 interviewees with a negative stance",
    "development/crm": "1 of the required 2 interviewees",
}


def chapter(study, lang: str):
    """The report document of ``study`` in ``lang`` and the figures it names (not drawn)."""
    from interview_analysis.pipeline.results import analyse
    from interview_analysis.report.document import build_document
    named = {}
    doc = build_document(analyse(study, lang=lang), lambda name, fig: named.setdefault(name, fig))
    return lang, doc, named


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codings_csv(texts: dict[str, str], rows) -> str:
    """A ``codings/<coder>.csv`` with offsets found in the canonical texts."""
    lines = ["document,start,end,code,stance,memo"]
    for doc, phrase, code, stance in rows:
        start = texts[doc].index(phrase)
        lines.append(f"{doc},{start},{start + len(phrase)},{code},{stance},")
    return "\n".join(lines) + "\n"


def make_study(root: Path, language: str = "en", coders=("researcher", "assistant"),
               group: bool = True) -> Path:
    """Write the fixture study into ``root`` and return the folder."""
    from interview_analysis.study.study import load_study
    for case, text in TRANSCRIPTS.items():
        write(root / "transcripts" / f"{case}.txt", text)
    write(root / "cases.csv",
          "case,document,group,interview_mode,duration_min,interview_date\n"
          "H1,H1,customer,Teams,25,2022-10-05\nH2,H2,expert,Teams,45,2022-10-07\n"
          "H3,H3,customer,email,,2022-10-18\nH4,H4,expert,Teams,14,2022-10-12\n"
          "H5,H5,customer,email,,2022-10-21\n")
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml",
          f"title: Customer management in small firms\nlanguage: {language}\n"
          "transcripts: transcripts\ncases: cases.csv\ncodebook: codebook.yaml\n"
          "speakers:\n  Interviewer: interviewer\norder: interview_date\n"
          + ("group: group\n" if group else ""))
    texts = load_study(root).corpus().texts
    spec = {"researcher": RESEARCHER, "assistant": ASSISTANT}
    for coder in coders:
        write(root / "codings" / f"{coder}.csv", codings_csv(texts, spec[coder]))
    return root


@pytest.fixture
def study_dir(tmp_path: Path) -> Path:
    """The fixture study with two coders and a group attribute."""
    return make_study(tmp_path / "study")


@pytest.fixture
def study(study_dir: Path):
    from interview_analysis.study.study import load_study
    return load_study(study_dir)


@pytest.fixture(scope="session")
def report_run(tmp_path_factory):
    """One full ``run_study`` of the fixture study (shared: it takes a few seconds)."""
    from interview_analysis.report.run import run_study
    from interview_analysis.study.study import load_study
    root = make_study(tmp_path_factory.mktemp("run") / "study")
    out = root.parent / "out"
    return run_study(load_study(root), out)
