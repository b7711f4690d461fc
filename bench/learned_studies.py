"""Study shapes for the learned-coder benchmarks, derived from the demo studies.

The held-out studies a researcher brings are not theme interviews only. From each demo study
this writes, into a folder of your choice:

* ``<name>-answers``: every participant turn of the study as its own case and document, no
  interviewer (the shape of open-ended survey answers: one short text per case, many cases);
* the study itself at ``unit: sentence`` (``<name>-sentences``: many short units, few cases);
* the study as it is (``<name>``), with the codebook of the last commit.

Codings are carried over by overlap: an answer carries the codes whose coded spans overlap its
turn, over the whole answer. Run ``python bench/learned_studies.py OUT`` to write them.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from interview_analysis.study.study import load_study

DEMO = {"sme": "corpus/sme-customer-management", "aftersales": "corpus/after-sales"}
ROOT = Path(__file__).resolve().parents[1]


def answers_study(source: Path, out: Path, coder: str = "researcher") -> Path:
    """One case per participant turn of ``source``; no interviewer passages."""
    study = load_study(source)
    corpus = study.corpus("turn")
    codings = study.codings(coder, "turn", study.codebook())
    turns = corpus.participant_passages
    shutil.rmtree(out, ignore_errors=True)
    (out / "transcripts").mkdir(parents=True)
    (out / "codings").mkdir()
    rows, cases = [], []
    for i, p in enumerate(turns.itertuples(index=False)):
        doc = f"A{i + 1:04d}"
        text = " ".join(p.text.split())
        (out / "transcripts" / f"{doc}.txt").write_text(text + "\n", encoding="utf-8")
        cases.append({"case": doc, "document": doc, "interview": p.case})
        for code in sorted(set(codings.loc[codings["passage_id"] == p.passage_id, "code"])):
            rows.append({"document": doc, "start": 0, "end": len(text), "code": code,
                         "stance": "", "memo": ""})
    pd.DataFrame(rows, columns=["document", "start", "end", "code", "stance", "memo"]).to_csv(
        out / "codings" / f"{coder}.csv", index=False)
    pd.DataFrame(cases).to_csv(out / "cases.csv", index=False)
    codebook = (study.root / study.config.codebook).resolve() if not Path(
        study.config.codebook).is_absolute() else Path(study.config.codebook)
    (out / "study.yaml").write_text(
        f"title: {study.title} (answers)\nlanguage: {study.language}\n"
        f"transcripts: transcripts\ncases: cases.csv\ncodebook: {codebook}\nunit: paragraph\n",
        encoding="utf-8")
    return out


def sentences_study(source: Path, out: Path) -> Path:
    """The study as it is, with sentences as the passage unit."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns(".ia-cache"))
    text = (out / "study.yaml").read_text(encoding="utf-8")
    codebook = load_study(source).config.codebook
    text = "\n".join(line for line in text.splitlines() if not line.startswith(("unit:",
                                                                                 "codebook:")))
    (out / "study.yaml").write_text(
        text + f"\nunit: sentence\ncodebook: {(source / codebook).resolve()}\n",
        encoding="utf-8")
    return out


def committed_demo(source: Path, out: Path) -> Path:
    """A copy of a demo study whose codebook is the one in the last commit (others may be
    editing the working copy while a benchmark runs); its sha256 goes into ``CODEBOOK.sha256``.
    """
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns(".ia-cache"))
    relative = (source / load_codebook_path(source)).resolve().relative_to(ROOT)
    text = subprocess.run(["git", "show", f"HEAD:{relative}"], cwd=ROOT, check=True,
                          capture_output=True).stdout
    (out / "codebook.yaml").write_bytes(text)
    (out / "CODEBOOK.sha256").write_text(hashlib.sha256(text).hexdigest() + "\n")
    lines = [line for line in (out / "study.yaml").read_text(encoding="utf-8").splitlines()
             if not line.startswith("codebook:")]
    (out / "study.yaml").write_text("\n".join(lines + ["codebook: codebook.yaml"]) + "\n",
                                    encoding="utf-8")
    return out


def load_codebook_path(source: Path) -> str:
    for line in (source / "study.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("codebook:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"{source}: study.yaml names no codebook")


def build_all(out: Path) -> dict[str, Path]:
    studies = {}
    for name, path in DEMO.items():
        demo = committed_demo(ROOT / path, out / name)
        studies[name] = demo
        studies[f"{name}-answers"] = answers_study(demo, out / f"{name}-answers")
        studies[f"{name}-sentences"] = sentences_study(demo, out / f"{name}-sentences")
    return studies


if __name__ == "__main__":
    for name, path in build_all(Path(sys.argv[1])).items():
        print(name, path)
