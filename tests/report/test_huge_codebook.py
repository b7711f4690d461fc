"""A codebook of thousands of codes: the report is about the codes that were used, names how
many were never coded, and reads the codebook once for all its figures (issue #23)."""
from __future__ import annotations

import pytest
from report_fixtures import chapter, make_study, write

from interview_analysis.report import plots
from interview_analysis.report.blocks import Paragraph, Table
from interview_analysis.study.study import load_study

WIDE = 2_000


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """The fixture study whose codebook has a further theme of 2,000 codes nobody coded."""
    root = make_study(tmp_path_factory.mktemp("wide") / "study", coders=("researcher",))
    codes = "".join(f"      - id: c{i:04d}\n        label: {{en: Code {i}, fi: Koodi {i}}}\n"
                    for i in range(WIDE))
    codebook = root / "codebook.yaml"
    write(codebook, codebook.read_text(encoding="utf-8")
          + f"  - id: wide\n    label: {{en: Wide, fi: Laaja}}\n    codes:\n{codes}")
    return load_study(root)


@pytest.fixture(scope="module", params=["en", "fi"])
def document(request, wide):
    """The chapter in each language, and the figures it names (not drawn)."""
    return chapter(wide, request.param)


def _block(doc, kind, name=None):
    return [b for b in doc.blocks if isinstance(b, kind) and (name is None or b.name == name)]


def test_the_agreement_table_lists_the_used_codes_and_counts_the_others(document):
    lang, doc, _ = document
    table = _block(doc, Table, "agreement")[0]
    assert len(table.frame) == 7  # the fixture codebook's codes the researcher used
    assert table.note == {
        "en": "2000 codes of the codebook were never coded and are left out of the table; "
              "every code is in tables/agreement.xlsx.",
        "fi": "Koodikirjan 2000 koodia, joilla ei koodattu mitään, on jätetty taulukosta "
              "pois; kaikki koodit ovat tiedostossa tables/agreement.xlsx."}[lang]


def test_a_theme_nobody_raised_names_ten_codes_and_counts_the_rest(document):
    lang, doc, _ = document
    texts = [p.text for p in _block(doc, Paragraph) if "Code 9" in p.text or "Koodi 9" in p.text]
    assert texts == [{
        "en": "No interviewee raised “Code 0”, “Code 1”, “Code 2”, “Code 3”, “Code 4”, "
              "“Code 5”, “Code 6”, “Code 7”, “Code 8”, “Code 9” or 1990 other codes of the "
              "theme.",
        "fi": "Yksikään haastateltava ei ottanut esiin aiheita ”Koodi 0”, ”Koodi 1”, "
              "”Koodi 2”, ”Koodi 3”, ”Koodi 4”, ”Koodi 5”, ”Koodi 6”, ”Koodi 7”, ”Koodi 8”, "
              "”Koodi 9” eikä teeman 1990 muuta koodia."}[lang]]


def test_every_figure_shares_one_codebook_read_once(document, monkeypatch):
    _, _, named = document
    digested = []
    digest = plots.digest
    monkeypatch.setattr(plots, "digest", lambda *values, **kw: digested.append(values[0])
                        or digest(*values, **kw))
    keys = {name: fig.key("v") for name, fig in named.items()}
    books = {id(a) for fig in named.values() for a in fig.args
             if isinstance(a, plots.Codebook)}
    assert len(keys) == 8 and len(books) == 1
    assert digested.count("codebook") == 1  # then kept with the codebook
    assert {name: fig.key("v") for name, fig in named.items()} == keys
    assert digested.count("codebook") == 1
