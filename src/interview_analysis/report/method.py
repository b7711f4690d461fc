"""Method facts a tool can fill in from the study (the COREQ items that are countable).

COREQ (Tong, Sainsbury & Craig 2007) lists 32 items a qualitative interview report should
state. Items about the research team, recruitment and reflexivity need the researcher; the
ones below follow from the data: sample size (item 12), description of the sample (16),
setting/mode of data collection (14), duration (21), data saturation (22), number of coders
(24), the coding tree (25) and software (27).

Reference: Tong, A., Sainsbury, P., & Craig, J. (2007). Consolidated criteria for reporting
qualitative research (COREQ). *International Journal for Quality in Health Care*, 19(6),
349–357. https://doi.org/10.1093/intqhc/mzm042
"""
from __future__ import annotations

import platform
from dataclasses import dataclass, field

import pandas as pd

from .style import language
from .words import percent

_MODE_COLUMNS = ("interview_mode", "mode", "haastattelutapa")
_DURATION_COLUMNS = ("duration_min", "duration", "kesto_min")
_DATE_COLUMNS = ("interview_date", "date", "haastattelupaiva")

_FACTS = {
    "en": {"participants": "Participants", "documents": "Documents (transcripts)",
           "words": "Participant words", "modes": "Interview modes", "duration": "Duration",
           "dates": "Interview dates", "coders": "Coders", "double": "Double-coded documents",
           "codebook": "Codebook", "unit": "Coding unit", "saturation": "Data saturation",
           "groups": "Groups", "software": "Software", "language": "Language",
           "min": "min", "no_duration": "{n} without a duration", "lemmatiser": "lemmatiser",
           "themes_codes": "{themes} themes, {codes} codes ({leaves} coded directly)",
           "words_range": "{total} in all, {low}–{high} per interviewee",
           "rules": "codebook rules (no manual codings)",
           "units": {"turn": "speaker turn", "paragraph": "paragraph", "sentence": "sentence"}},
    "fi": {"participants": "Haastateltavat", "documents": "Dokumentit (litteraatit)",
           "words": "Haastateltavien sanat", "modes": "Haastattelutavat", "duration": "Kesto",
           "dates": "Haastattelupäivät", "coders": "Koodaajat",
           "double": "Kahteen kertaan koodatut dokumentit", "codebook": "Koodikirja",
           "unit": "Koodausyksikkö", "saturation": "Saturaatio", "groups": "Ryhmät",
           "software": "Ohjelmisto", "language": "Kieli", "min": "min",
           "lemmatiser": "lemmatisoija",
           "no_duration": "{n} ilman kestoa",
           "themes_codes": "{themes} teemaa, {codes} koodia ({leaves} koodattavaa)",
           "words_range": "yhteensä {total}, {low}–{high} haastateltavaa kohden",
           "rules": "koodikirjan säännöt (ei käsin tehtyjä koodauksia)",
           "units": {"turn": "puheenvuoro", "paragraph": "kappale", "sentence": "virke"}},
}
_COREQ = {"participants": 12, "modes": 14, "words": 16, "duration": 21, "saturation": 22,
          "coders": 24, "double": 24, "codebook": 25, "software": 27}


@dataclass
class MethodFacts:
    """Facts about a study's data and analysis; :meth:`table` gives them as rows."""

    n_participants: int
    n_documents: int
    words_total: int = 0
    words_range: tuple[int, int] = (0, 0)
    modes: dict[str, int] = field(default_factory=dict)
    duration_range: tuple[float, float] | None = None
    n_without_duration: int = 0
    date_range: tuple[str, str] | None = None
    coders: list[str] = field(default_factory=list)
    double_coded: tuple[int, int] = (0, 0)
    n_themes: int = 0
    n_codes: int = 0
    n_leaves: int = 0
    unit: str = "turn"
    language: str = "en"
    groups: dict[str, int] = field(default_factory=dict)
    saturation: str = ""
    software: dict[str, str] = field(default_factory=dict)

    def table(self, lang: str = "en") -> pd.DataFrame:
        """``coreq, fact, value`` rows in ``lang``; facts the study lacks are left out."""
        lang = language(lang)
        w = _FACTS[lang]
        rows = [("participants", str(self.n_participants)),
                ("documents", str(self.n_documents))]
        if self.words_total:
            rows.append(("words", w["words_range"].format(
                total=self.words_total, low=self.words_range[0], high=self.words_range[1])))
        if self.modes:
            rows.append(("modes", ", ".join(f"{m} {n}" for m, n in self.modes.items())))
        if self.duration_range:
            low, high = (f"{v:g}" for v in self.duration_range)
            text = f"{low}–{high} {w['min']}" if low != high else f"{low} {w['min']}"
            if self.n_without_duration:
                text += " (" + w["no_duration"].format(n=self.n_without_duration) + ")"
            rows.append(("duration", text))
        if self.date_range:
            low, high = self.date_range
            rows.append(("dates", low if low == high else f"{low} – {high}"))
        if self.groups:
            rows.append(("groups", ", ".join(f"{g} {n}" for g, n in self.groups.items())))
        rows.append(("coders", ", ".join(self.coders) if self.coders else w["rules"]))
        k, n = self.double_coded
        if len(self.coders) > 1:
            rows.append(("double", f"{k}/{n} ({percent(k / n if n else 0, lang)})"))
        rows.append(("codebook", w["themes_codes"].format(
            themes=self.n_themes, codes=self.n_codes, leaves=self.n_leaves)))
        rows.append(("unit", w["units"].get(self.unit, self.unit)))
        if self.saturation:
            rows.append(("saturation", self.saturation))
        rows.append(("language", self.language))
        rows.append(("software", ", ".join(f"{w['lemmatiser'] if k == 'lemmatiser' else k} {v}"
                                           for k, v in self.software.items())))
        return pd.DataFrame([{"coreq": _COREQ.get(key, ""), "fact": w[key], "value": value}
                             for key, value in rows], columns=["coreq", "fact", "value"])


def _column(cases: pd.DataFrame, names) -> pd.Series | None:
    for name in names:
        if name in cases.columns:
            values = cases[name]
            return values[values.notna() & (values.astype(str).str.strip() != "")]
    return None


def software_versions(lang: str) -> dict[str, str]:
    """Versions that make the analysis reproducible (package, Python, spaCy, lemmatiser)."""
    import spacy

    from .. import __version__
    from ..nlp.lemmas import Lemmatizer
    return {"interview-analysis": __version__, "Python": platform.python_version(),
            "spaCy": spacy.__version__, "lemmatiser": Lemmatizer(lang).backend}


def _double_coded(manual: pd.DataFrame, documents: list[str]) -> tuple[int, int]:
    if manual.empty or "coder" not in manual:
        return 0, len(documents)
    per_doc = manual.groupby("document")["coder"].nunique()
    return int((per_doc.reindex(documents).fillna(0) >= 2).sum()), len(documents)


def method_facts(study, corpus, codebook, manual: pd.DataFrame, coders: list[str],
                 saturation: str = "") -> MethodFacts:
    """Collect the :class:`MethodFacts` of a study.

    Parameters
    ----------
    study:
        The loaded study (cases table and settings).
    corpus:
        Its corpus (participant passages count).
    codebook:
        The codebook used.
    manual:
        All coders' manual codings (long format), for the double-coded share.
    coders:
        The coders, primary first (empty when the rules coded the study).
    saturation:
        A one-line saturation result for COREQ item 22.
    """
    part = corpus.participant_passages
    words = part.groupby("case")["words"].sum()
    present = set(part["case"].tolist())
    cases = study.cases.loc[[c for c in study.cases.index if c in present]]
    facts = MethodFacts(n_participants=len(cases), n_documents=len(corpus.texts),
                        words_total=int(words.sum()),
                        words_range=(int(words.min()), int(words.max())) if len(words) else (0, 0),
                        coders=list(coders), unit=corpus.unit, language=corpus.language,
                        saturation=saturation, software=software_versions(corpus.language))
    modes = _column(cases, _MODE_COLUMNS)
    if modes is not None:
        facts.modes = {str(k): int(v) for k, v in modes.astype(str).value_counts(sort=False)
                       .sort_values(ascending=False, kind="stable").items()}
    durations = _column(cases, _DURATION_COLUMNS)
    if durations is not None and len(durations):
        values = pd.to_numeric(durations, errors="coerce").dropna()
        if len(values):
            facts.duration_range = (float(values.min()), float(values.max()))
            facts.n_without_duration = len(cases) - len(values)
    dates = _column(cases, _DATE_COLUMNS)
    if dates is not None and len(dates):
        text = sorted(dates.astype(str))
        facts.date_range = (text[0], text[-1])
    group = study.config.group
    if group and group in cases.columns:
        facts.groups = {str(k): int(v) for k, v in cases[group].dropna().astype(str)
                        .value_counts(sort=False).items()}
    facts.double_coded = _double_coded(manual, list(corpus.texts))
    facts.n_themes, facts.n_codes = len(codebook.themes), len(codebook)
    facts.n_leaves = len(codebook.leaves())
    return facts


def _dates(dates: tuple[str, str], lang: str) -> str:
    """``5.10.–21.10.2022`` / ``between 2022-10-05 and 2022-10-21`` (ISO dates kept in en)."""
    low, high = dates
    if lang == "fi":
        try:
            a, b = pd.Timestamp(low), pd.Timestamp(high)
        except (ValueError, TypeError):
            return f"{low}–{high}" if low != high else low
        if a == b:
            return f"{a.day}.{a.month}.{a.year}"
        first = f"{a.day}.{a.month}." + ("" if a.year == b.year else f"{a.year}")
        return f"{first}–{b.day}.{b.month}.{b.year}"
    return low if low == high else f"between {low} and {high}"


def method_paragraph(facts: MethodFacts, lang: str = "en") -> str:
    """A draft method paragraph from the facts (the researcher edits it into the thesis)."""
    from ..analysis.agreement import number_word
    lang = language(lang)
    n = facts.n_participants
    table = facts.table(lang).set_index("fact")["value"]
    w = _FACTS[lang]
    parts = []
    if lang == "fi":
        who = "yksi haastateltava" if n == 1 else f"{number_word(n, 'fi')} haastateltavaa"
        parts.append(f"Aineistossa on {who} ({facts.n_documents} dokumenttia).")
        if facts.modes:
            parts.append(f"Haastattelutavat: {table[w['modes']]}.")
        if facts.duration_range:
            parts.append(f"Haastattelut kestivät {table[w['duration']]}.")
        if facts.date_range:
            parts.append(f"Haastattelut tehtiin {_dates(facts.date_range, lang)}.")
        parts.append(f"Aineisto koodattiin koodikirjalla, jossa on {table[w['codebook']]}; "
                     f"koodaajat: {table[w['coders']]}.")
        parts.append(f"Analyysiin käytettiin ohjelmistoa {table[w['software']]}.")
    else:
        parts.append(f"The data consist of the answers of {number_word(n)} interviewees "
                     f"({facts.n_documents} documents).")
        if facts.modes:
            parts.append(f"Interview modes: {table[w['modes']]}.")
        if facts.duration_range:
            parts.append(f"The interviews lasted {table[w['duration']]}.")
        if facts.date_range:
            parts.append(f"They were conducted {_dates(facts.date_range, lang)}.")
        parts.append(f"The data were coded with a codebook of {table[w['codebook']]}; "
                     f"coders: {table[w['coders']]}.")
        parts.append(f"The analysis used {table[w['software']]}.")
    return " ".join(parts)
