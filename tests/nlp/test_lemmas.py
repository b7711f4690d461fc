"""English lemmas come from spaCy's lookup data without importing spaCy, the same as spaCy's."""
from __future__ import annotations

import json
import subprocess
import sys

from interview_analysis.nlp import lemmas
from interview_analysis.nlp.lemmas import Lemmatizer


def test_english_table_is_spacys_table(tmp_path, monkeypatch):
    from spacy.lookups import load_lookups
    reference = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # built afresh, then reopened
    for _ in range(2):
        lemmas._english_table.cache_clear()
        table = lemmas._english_table()
        assert isinstance(table, lemmas._LookupTable)
        words = ["went", "children", "better", "mice", "was", "emails", "xyzzy", "Went"]
        assert [table.get(w, w) for w in words] == [reference.get(w, w) for w in words]
    assert (tmp_path / "interview-analysis" / "spacy-lookups-data-"
            f"{__import__('spacy_lookups_data').__version__}" / "en" / "keys").is_file()
    lemmas._english_table.cache_clear()


def test_english_lemmatizer_starts_without_spacy():
    code = ("import sys, json; from interview_analysis.nlp.lemmas import Lemmatizer; "
            "lem = Lemmatizer('en'); "
            "print(json.dumps([lem.backend, lem.lemma('children'), 'spacy' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stdout) == ["spacy-lookups", "child", False]
    assert Lemmatizer("en").lemma("went") == "go"
