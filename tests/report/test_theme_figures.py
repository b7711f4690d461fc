"""A codebook of many themes: figures for the 30 most discussed themes only, and a sentence
saying so; every theme keeps its section (issue #23)."""
from __future__ import annotations

import pandas as pd
import pytest
from report_fixtures import RESEARCHER, chapter, codings_csv, make_study, write

from interview_analysis.pipeline.results import analyse
from interview_analysis.report.blocks import Figure, Heading, Paragraph, Table
from interview_analysis.report.document import (
    MAX_THEME_FIGURES,
    build_document,
    figure_themes,
)
from interview_analysis.study.study import load_study

#: A participant passage of each case (H1–H5) to code the generated themes on.
PHRASES = [("H1", "always the same person is efficient"),
           ("H2", "A named account manager is very valuable"),
           ("H3", "A named contact person reachable"),
           ("H4", "Calling my own contact person"),
           ("H5", "The same person is excellent")]


def _cases(n: int) -> int:
    """Cases coded with generated theme ``x<n>``: five for x01–x10, three for x11–x20, one
    for the others."""
    return 5 if n <= 10 else 3 if n <= 20 else 1


@pytest.fixture(scope="module")
def many_themes(tmp_path_factory):
    """The fixture study (3 themes) with 57 generated themes of one code each: 60 themes."""
    root = make_study(tmp_path_factory.mktemp("themes") / "study", coders=("researcher",))
    themes = "".join(f"  - id: x{n:02d}\n    label: {{en: Extra {n}, fi: Lisä {n}}}\n"
                     f"    codes:\n      - id: c\n        label: {{en: Code, fi: Koodi}}\n"
                     for n in range(1, 58))
    codebook = root / "codebook.yaml"
    write(codebook, codebook.read_text(encoding="utf-8") + themes)
    extra = [(doc, phrase, f"x{n:02d}/c", "positive")
             for n in range(1, 58) for doc, phrase in PHRASES[:_cases(n)]]
    texts = load_study(root).corpus().texts
    write(root / "codings" / "researcher.csv", codings_csv(texts, [*RESEARCHER, *extra]))
    return load_study(root)


@pytest.fixture(scope="module", params=["en", "fi"])
def document(request, many_themes):
    return chapter(many_themes, request.param)


def test_only_the_30_most_discussed_of_60_themes_get_a_figure(document):
    _, doc, named = document
    themes = [b.anchor for b in doc.blocks
              if isinstance(b, Heading) and b.anchor.startswith("theme-")]
    assert len(themes) == 60  # every theme keeps its section
    drawn = [n for n in named if n.startswith("theme-")]
    assert len(drawn) == MAX_THEME_FIGURES == 30
    # 5 cases: personalisation, channels, x01–x10; 3 cases: x11–x20; 2: development; then
    # one case and one passage each, by name: x21–x27
    assert set(drawn) == {"theme-personalisation", "theme-channels", "theme-development",
                          *(f"theme-x{n:02d}" for n in range(1, 28))}
    figures = [b.name for b in doc.blocks if isinstance(b, Figure)]
    assert [f for f in figures if f.startswith("theme-")] == drawn  # in codebook order


def test_the_chapter_says_which_themes_have_figures(document):
    lang, doc, _ = document
    heading = next(i for i, b in enumerate(doc.blocks)
                   if isinstance(b, Heading) and b.anchor == "themes")
    note = doc.blocks[heading + 1]
    assert isinstance(note, Paragraph)
    assert note.text == {
        "en": "Figures are shown for the 30 most discussed of the 60 themes (most "
              "interviewees with a view); the codes and views of every theme are in "
              "tables/agreement.xlsx and tables/case_stances.xlsx.",
        "fi": "Kuviot on esitetty 60 teemasta niille 30, joista puhuttiin eniten (eniten "
              "haastateltavia, joilla oli näkemys); kaikkien teemojen koodit ja näkemykset "
              "ovat tiedostoissa tables/agreement.xlsx ja tables/case_stances.xlsx."}[lang]


def test_a_study_of_few_themes_draws_every_theme_and_says_nothing():
    stances = pd.DataFrame({"case": ["H1", "H2", "H1"], "code": ["a/x", "a/y", "b/x"]})
    codings = pd.DataFrame({"passage_id": ["p1", "p2", "p3"], "code": stances["code"]})
    assert figure_themes(stances, codings) == {"a", "b"}
    assert figure_themes(stances, codings, limit=1) == {"a"}  # two cases against one
    assert figure_themes(stances.iloc[0:0], codings.iloc[0:0]) == set()


def test_the_note_names_the_csv_of_a_table_too_large_for_excel(many_themes):
    files = {"agreement": "tables/agreement.csv", "case_stances": "tables/case_stances.csv"}
    doc = build_document(analyse(many_themes, lang="en"), lambda name, fig: None, files)
    assert any(isinstance(b, Paragraph) and b.text.endswith(
        "are in tables/agreement.csv and tables/case_stances.csv.") for b in doc.blocks)


def test_the_group_table_sends_a_reader_to_the_group_comparison_file(many_themes):
    files = {"group_comparison": "tables/group_comparison.csv"}
    doc = build_document(analyse(many_themes, lang="en"), lambda name, fig: None, files)
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.name == "groups")
    assert table.note.endswith("all rows are in tables/group_comparison.csv.")
