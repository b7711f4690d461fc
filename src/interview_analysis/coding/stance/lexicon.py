"""The stance cue lists of a language, read from the package's data files.

``data/stance/fi.yaml`` and ``data/stance/en.yaml`` hold the lists (their header says where the
words come from and under which licence); a codebook may add words for one code (its
``stance:`` block). Other languages use the English lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ...base.yamlsource import load_yaml

#: The lists a lexicon file holds, and what each is for (see ``data/stance/fi.yaml``).
KINDS = ("positive", "negative", "negatable", "negation", "contrast", "condition", "if",
         "answer_yes", "answer_no", "weak", "wish", "implicit", "need", "relief", "contact",
         "neutral", "alternation")
#: Languages with their own cue lists.
LANGUAGES = ("fi", "en")
#: Words and punctuation, as the stance cues read a text and as lexicon entries are written.
WORDS = re.compile(r"n't|[^\W_]+(?:[-'][^\W_]+)*|[.!?;:,]")
#: English cuts its clitics off as English tokenizers (spaCy's too) do: "don't" is "do" "n't",
#: "I'd" "i" "'d", "that's" "that" "'s"; "o'clock" and "O'Brien" stay whole.
_CLITIC = r"(?:n't|'(?:d|ll|re|ve|m|s))(?![^\W_])"
WORDS_EN = re.compile(rf"[^\W_]+?(?={_CLITIC})|{_CLITIC}|[^\W_]+(?:-[^\W_]+)*"
                      rf"(?:(?!{_CLITIC})'[^\W_]+)*|[.!?;:,]", re.I)


def words_of(text: str, lang: str) -> list[re.Match]:
    """The word and punctuation matches of ``text`` (its offsets) in ``lang``'s cutting."""
    return list((WORDS_EN if lang == "en" else WORDS).finditer(text.replace("’", "'")))


@dataclass(frozen=True)
class Lexicon:
    """Cue words of one language: ``lists[kind]`` is a tuple of phrases (tuples of words)."""

    lang: str
    lists: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def phrases(self, kind: str) -> tuple[tuple[str, ...], ...]:
        """The phrases of ``kind``, longest first (so "vain jos" wins over "jos")."""
        return self.lists.get(kind, ())

    def words(self, kind: str) -> frozenset[str]:
        """The one-word entries of ``kind``."""
        return frozenset(p[0] for p in self.phrases(kind) if len(p) == 1)


def _phrases(entries, lang: str) -> tuple[tuple[str, ...], ...]:
    """Entries as word tuples, cut as a text is (:func:`words_of`: "can't" is "ca" "n't")."""
    phrases = {tuple(m.group(0) for m in words_of(str(e).lower(), lang))
               for e in entries or () if str(e).strip()}
    return tuple(sorted((p for p in phrases if p), key=lambda p: (-len(p), p)))


@lru_cache(maxsize=None)
def load_lexicon(lang: str) -> Lexicon:
    """The cue lists for ``lang`` (English for a language without its own)."""
    name = lang if lang in LANGUAGES else "en"
    text = resources.files("interview_analysis").joinpath(f"data/stance/{name}.yaml") \
        .read_text(encoding="utf-8")
    data = load_yaml(text)  # libyaml when installed
    return Lexicon(name, {kind: _phrases(data.get(kind), name) for kind in KINDS})
