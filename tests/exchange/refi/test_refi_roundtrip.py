"""Export -> import -> export round-trips every coding, case variable and memo unchanged."""
from __future__ import annotations

import datetime as dt
import functools
import tempfile
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import xmlschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import interview_analysis
from interview_analysis.exchange.refi import ExchangeWarning, export_study, import_file
from interview_analysis.study.study import load_study

XSD = Path(interview_analysis.__file__).parent / "data" / "refi-qda"
LETTERS = "abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖšž"
EMOJI = "😀👍🎧📧🧑‍💻"
CODE_IDS = ["channels", "channels/email", "channels/chat", "service", "service/speed",
            "service/speed/slow"]

words = st.text(LETTERS, min_size=1, max_size=8)
sentence = st.lists(st.one_of(words, words, st.sampled_from(list(EMOJI))), min_size=1,
                    max_size=6).map(" ".join)
texts = st.lists(sentence, min_size=1, max_size=5).map(lambda s: "\n".join(s) + "\n")
memos = st.one_of(st.none(), st.lists(sentence, min_size=1, max_size=2).map("\n".join))
labels = st.lists(st.one_of(words, st.sampled_from(list(EMOJI))), min_size=1, max_size=3) \
    .map(" ".join)


@st.composite
def projects(draw):
    docs = {f"D{i}": draw(texts) for i in range(1, draw(st.integers(1, 3)) + 1)}
    codes: list[str] = []
    for code in CODE_IDS:  # parents come first, so a code is kept only under a kept parent
        if (code == "channels" or draw(st.booleans())) and \
                ("/" not in code or code.rsplit("/", 1)[0] in codes):
            codes.append(code)
    codebook = {c: {"label": draw(labels), "definition": draw(st.none() | sentence),
                    "colour": draw(st.none() | st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))}
                for c in codes}
    coders = draw(st.lists(st.sampled_from(["anna", "Åsa", "ben-2"]), min_size=1, max_size=2,
                           unique=True))
    codings = {}
    for coder in coders:
        spans = {}
        for _ in range(draw(st.integers(1, 5))):
            doc = draw(st.sampled_from(sorted(docs)))
            start = draw(st.integers(0, len(docs[doc]) - 1))
            end = draw(st.integers(start + 1, len(docs[doc])))
            code = draw(st.sampled_from(codes))
            spans[(doc, start, end, code)] = (
                draw(st.sampled_from([None, "positive", "negative", "mixed"])), draw(memos))
        codings[coder] = spans
    cases = {doc: {"employees": draw(st.none() | st.integers(-10**6, 10**6)),
                   "share": draw(st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 4))),
                   "industry": "v" + draw(words),
                   "interviewed": draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))}
             for doc in docs}
    return {"docs": docs, "codebook": codebook, "codings": codings, "cases": cases,
            "language": draw(st.sampled_from(["fi", "en"]))}


def nested(codebook: dict, parent: str | None = None) -> list[dict]:
    out = []
    for code, fields in codebook.items():
        if (code.rsplit("/", 1)[0] if "/" in code else None) != parent:
            continue
        entry = {"id": code.rsplit("/", 1)[-1], "label": fields["label"]}
        entry.update({k: fields[k] for k in ("definition", "colour") if fields[k]})
        children = nested(codebook, code)
        if children:
            entry["codes"] = children
        out.append(entry)
    return out


def write_study(root: Path, p: dict) -> None:
    (root / "transcripts").mkdir(parents=True)
    for doc, text in p["docs"].items():
        (root / "transcripts" / f"{doc}.txt").write_text(text, encoding="utf-8")
    cases = pd.DataFrame([{"case": f"C{doc}", "document": doc, **attrs}
                          for doc, attrs in p["cases"].items()])
    cases.to_csv(root / "cases.csv", index=False)
    (root / "codebook.yaml").write_text(yaml.safe_dump(
        {"name": "hyp", "languages": [p["language"]], "themes": nested(p["codebook"])},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "study.yaml").write_text(
        f"title: Hypoteesi\nlanguage: {p['language']}\ntranscripts: transcripts\n"
        "cases: cases.csv\ncodebook: codebook.yaml\n", encoding="utf-8")
    (root / "codings").mkdir()
    for coder, spans in p["codings"].items():
        rows = [{"document": d, "start": s, "end": e, "code": c, "stance": st_, "memo": m}
                for (d, s, e, c), (st_, m) in spans.items()]
        pd.DataFrame(rows).to_csv(root / "codings" / f"{coder}.csv", index=False)


@functools.lru_cache(maxsize=None)
def official(kind: str) -> xmlschema.XMLSchema:
    """The vendored official schema, loaded independently of the package's own loader."""
    return xmlschema.XMLSchema(str(XSD / f"{kind}-mrt2019.xsd"))


def spans_of(study) -> dict:
    out = {}
    for coder in study.coders():
        frame = study.codings(coder, codebook=study.codebook())
        out[coder] = sorted(frame[["document", "start", "end", "code", "stance", "memo"]]
                            .drop_duplicates(["document", "start", "end", "code"])
                            .astype(object).where(frame.notna(), None)
                            .itertuples(index=False, name=None))
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_export_import_export_is_unchanged_and_valid(p):
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        tmp = Path(tmp)
        write_study(tmp / "a", p)
        first = export_study(tmp / "a", "qdpx", tmp / "a.qdpx")
        first_qdc = export_study(tmp / "a", "qdc", tmp / "a.qdc")
        report = import_file(first, tmp / "b")
        assert report.lossless, report.summary()
        second = export_study(tmp / "b", "qdpx", tmp / "b.qdpx")
        second_qdc = export_study(tmp / "b", "qdc", tmp / "b.qdc")
        assert second.read_bytes() == first.read_bytes()
        assert second_qdc.read_bytes() == first_qdc.read_bytes()
        original, imported = load_study(tmp / "a"), load_study(tmp / "b")
        assert spans_of(imported) == spans_of(original)
        original = original.cases.drop(columns="documents")
        imported = imported.cases.drop(columns="documents")
        pd.testing.assert_frame_equal(imported.set_axis(original.index), original,
                                      check_dtype=False)
        with zipfile.ZipFile(first) as archive:
            assert official("Project").is_valid(archive.read("project.qde").decode("utf-8"))
        assert official("Codebook").is_valid(first_qdc.read_text(encoding="utf-8"))
