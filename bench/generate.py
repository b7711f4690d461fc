"""Generate large synthetic studies for the benchmark, recombined from the demo studies.

Interviews are written as a study folder (``study.yaml``, ``cases.csv``, one ``.txt``
transcript per interview with ``Haastattelija:``/``H123:`` or ``Interviewer:``/``R123:``
turns). Participant turns are whole participant passages of the demo studies
(``corpus/sme-customer-management`` for Finnish, ``corpus/after-sales`` for English), one or
two per turn, so the codebook's rules fire about as often and in the same combinations as on
real interviews. The survey variant writes one ``.csv`` table of short open-ended answers
(one to three sentences of a demo passage each).

Everything is drawn from one :class:`random.Random` seeded with ``--seed``: the same
arguments give byte-identical files.

Examples
--------
::

    python bench/generate.py /tmp/bench-fi --lang fi --interviews 1000 --words 5000
    python bench/generate.py /tmp/bench-survey --survey --lang en --answers 100000
"""
from __future__ import annotations

import argparse
import csv
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = {"fi": REPO / "corpus" / "sme-customer-management", "en": REPO / "corpus" / "after-sales"}
CODEBOOKS = {"fi": ["customer-management.yaml"],
             "en": ["after-sales.yaml", "customer-management.yaml"]}
INTERVIEWER = {"fi": "Haastattelija", "en": "Interviewer"}
LABEL = {"fi": "H", "en": "R"}
GROUPS = {"fi": ["micro", "small", "medium"], "en": ["customer", "expert"]}
QUESTIONS = {
    "fi": ["Mitä asiakkuudenhallinta merkitsee yrityksellenne?",
           "Miten palveluntarjoajan pitäisi olla teihin yhteydessä?",
           "Mitä muuttaisitte asiakkuudenhallinnassa?"],
    "en": ["What does customer management mean to your company?",
           "How should a service provider keep in touch with you?",
           "What would you change in the after-sales contacts?"],
}


@dataclass(frozen=True)
class Source:
    """The demo study material one language is recombined from."""

    participant: tuple[str, ...]
    interviewer: tuple[str, ...]
    sentences: tuple[str, ...]


def _one_line(text: str) -> str:
    """A passage as one line, so that it can never open a new ``Speaker:`` turn."""
    return " ".join(text.split())


@lru_cache(maxsize=4)
def demo_source(lang: str) -> Source:
    """Participant and interviewer passages (and participant sentences) of a demo study."""
    from interview_analysis.nlp.sentences import sentence_spans
    from interview_analysis.study.study import load_study

    passages = load_study(DEMO[lang]).corpus().passages
    participant = [_one_line(t) for t in passages.loc[passages["role"] == "participant", "text"]]
    interviewer = [_one_line(t) for t in passages.loc[passages["role"] == "interviewer", "text"]]
    sentences = [t[s:e] for t in participant for s, e in sentence_spans(t)]
    keep = lambda items: tuple(t for t in items if len(t.split()) >= 3)  # noqa: E731
    return Source(keep(participant), keep(interviewer), keep(sentences))


def codebook_for(lang: str) -> Path:
    """The demo codebook with rules for ``lang`` (after-sales for English when it exists)."""
    for name in CODEBOOKS[lang]:
        path = REPO / "codebooks" / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"no demo codebook for {lang} in {REPO / 'codebooks'}")


def _interview(rng: random.Random, source: Source, label: str, interviewer: str,
               words: int) -> tuple[str, int]:
    """One transcript of at least ``words`` words: question, answer, question, ..."""
    turns, count = [], 0
    while count < words:
        question = rng.choice(source.interviewer)
        answer = " ".join(rng.choice(source.participant) for _ in range(rng.choice((1, 1, 2))))
        turns.append(f"{interviewer}: {question}\n\n{label}: {answer}\n")
        count += len(question.split()) + len(answer.split())
    return "\n".join(turns), count


def _write_yaml(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate_study(out: str | Path, lang: str = "fi", interviews: int = 1000, words: int = 5000,
                   seed: int = 0) -> dict:
    """Write an interview study of ``interviews`` transcripts of about ``words`` words each.

    Returns a summary: ``{"path", "lang", "documents", "words", "codebook"}``.
    """
    out = Path(out)
    rng = random.Random(f"interviews-{lang}-{seed}")
    source = demo_source(lang)
    folder = out / "transcripts"
    if out.exists():
        shutil.rmtree(out)
    folder.mkdir(parents=True)
    shutil.copyfile(codebook_for(lang), out / "codebook.yaml")
    start = date(2023, 1, 9)
    rows, total = [], 0
    for i in range(1, interviews + 1):
        document = f"{LABEL[lang]}{i}"
        text, count = _interview(rng, source, document, INTERVIEWER[lang], words)
        (folder / f"{document}.txt").write_text(text, encoding="utf-8")
        total += count
        rows.append([document, document, rng.choice(GROUPS[lang]),
                     (start + timedelta(days=i // 3)).isoformat()])
    with open(out / "cases.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["case", "document", "group", "interview_date"])
        writer.writerows(rows)
    _write_yaml(out / "study.yaml", [
        f'title: "Synthetic benchmark study ({lang}, {interviews} interviews)"',
        f"language: {lang}", "transcripts: transcripts", "cases: cases.csv",
        "codebook: codebook.yaml", "speakers:", f"  {INTERVIEWER[lang]}: interviewer",
        "group: group", "order: interview_date"])
    return {"path": out, "lang": lang, "documents": interviews, "words": total,
            "codebook": out / "codebook.yaml"}


def _answer(rng: random.Random, source: Source) -> str:
    first = rng.randrange(len(source.sentences))
    n = rng.choice((1, 1, 2))
    return " ".join(source.sentences[(first + k) % len(source.sentences)] for k in range(n))


def generate_survey(out: str | Path, lang: str = "en", answers: int = 100_000,
                    seed: int = 0) -> dict:
    """Write a survey study: one ``.csv`` table with ``answers`` open-ended answers.

    Every respondent answers each of three questions, so the table has ``answers / 3`` rows
    (rounded up) and every answer is one passage.
    """
    out = Path(out)
    rng = random.Random(f"survey-{lang}-{seed}")
    source = demo_source(lang)
    questions = QUESTIONS[lang]
    if out.exists():
        shutil.rmtree(out)
    (out / "transcripts").mkdir(parents=True)
    shutil.copyfile(codebook_for(lang), out / "codebook.yaml")
    respondents = -(-answers // len(questions))
    total, written = 0, 0
    with open(out / "transcripts" / "survey.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "group", "age_band", *questions])
        for i in range(1, respondents + 1):
            cells = []
            for _ in questions:
                text = _answer(rng, source) if written < answers else ""
                written += bool(text)
                total += len(text.split())
                cells.append(text)
            writer.writerow([f"R{i}", rng.choice(GROUPS[lang]),
                             rng.choice(["18-34", "35-54", "55+"]), *cells])
    _write_yaml(out / "study.yaml", [
        f'title: "Synthetic benchmark survey ({lang}, {answers} answers)"',
        f"language: {lang}", "transcripts: transcripts", "codebook: codebook.yaml",
        "group: group", "text_columns:", *[f'  - "{q}"' for q in questions]])
    return {"path": out, "lang": lang, "documents": respondents, "words": total,
            "codebook": out / "codebook.yaml"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="study folder to write (replaced)")
    parser.add_argument("--lang", choices=sorted(DEMO), default="fi")
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--words", type=int, default=5000, help="words per interview")
    parser.add_argument("--survey", action="store_true", help="write a survey table instead")
    parser.add_argument("--answers", type=int, default=100_000, help="survey answers")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.survey:
        info = generate_survey(args.out, args.lang, args.answers, args.seed)
    else:
        info = generate_study(args.out, args.lang, args.interviews, args.words, args.seed)
    print(f"wrote {info['path']}: {info['documents']:,} documents, {info['words']:,} words "
          f"({info['lang']})")


if __name__ == "__main__":
    main()
