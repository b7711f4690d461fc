"""What the rules matched on one token index, kept so that re-coding evaluates only what changed.

Three explicit objects hold every answer:

* :class:`MatchMemory` — in this process, per token-index content key: the token positions of
  each term, the passages of each regular expression and of each whole code. A study loaded
  again (a new index object with the same content) finds them; a codebook edit re-evaluates
  only the rules it changed.
* :class:`~.store.RuleStore` — the same answers on disk in the study's ``.ia-cache/``, for the
  next process (the command line starts one per command).
* :class:`WordSplits` — how the tokenizer cuts rule words such as *e-mail*, per language.

A :class:`RuleMatcher` puts them together for one index and is what the rules ask.
"""
from __future__ import annotations

import hashlib
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...errors import RuleSyntaxError
from .store import RuleStore, code_key, regex_key, store_path, term_key
from .terms import Term, arrow_strings, term_mask

#: Token indexes whose answers are kept in memory (the most recently used).
KEEP_INDEXES = 8
#: Seconds all regular expressions of one coding run (or one search) may take together.
REGEX_BUDGET = 120.0
_SPLITTABLE = re.compile(r"[-'’.:&+]")


@dataclass
class Hits:
    """Where a rule matched: passage row numbers and the tokens (or strings) that matched."""

    passages: np.ndarray
    tokens: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    strings: dict[int, set[str]] = field(default_factory=dict)


class RegexBudget:
    """The time all regular expressions of one run may take together, so that many passages
    cannot add up to an unbounded run however short each one is."""

    def __init__(self, seconds: float = REGEX_BUDGET) -> None:
        self.seconds = seconds
        self.used = 0.0
        self._started = 0.0

    def timeout(self, per_passage: float) -> float:
        """The time the next passage may take; starts its clock."""
        remaining = self.seconds - self.used
        if remaining <= 0:
            self.exhausted()
        self._started = time.perf_counter()
        return min(per_passage, remaining)

    def spend(self) -> None:
        self.used += time.perf_counter() - self._started

    def exhausted(self, source: str = "") -> None:
        if self.seconds - self.used > 0:
            return  # a single passage timed out: the caller says so
        raise RuleSyntaxError(
            f"the regular expressions took longer than {self.seconds:g} s together"
            + (f" (last: {source!r})" if source else "")
            + "; make them more specific, or code with word rules instead")


class WordSplits:
    """Rule words the tokenizer cuts (*e-mail* → *e* *mail* in English), ``{(lang, word):
    pieces}``, shared by every index of a language and saved with each rule store."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], tuple[str, ...]] = {}
        #: ``{lang: contractions}`` read from a rule store, so a new process that checks a
        #: new rule word does not import spaCy for its exception table.
        self.contractions: dict[str, frozenset[str]] = {}

    def splittable(self, word: str, lang: str | None = None) -> bool:
        """Whether the tokenizer might cut ``word``: it has a hyphen, apostrophe, … or a
        digit, or it is one of the language's contractions (Finnish *ettei* is *ett* + *ei*,
        English *cannot* is *can* + *not*)."""
        if _SPLITTABLE.search(word) is not None or any(c.isdigit() for c in word):
            return True
        if lang is None:
            return False
        if lang not in self.contractions:
            self.contractions[lang] = _contractions(lang)
        return word in self.contractions[lang]

    def pieces(self, word: str, lang: str) -> tuple[str, ...]:
        """The tokens ``word`` becomes in ``lang`` (asks spaCy once per word and language)."""
        key = (lang, word)
        if key not in self.known:
            from ...nlp.pipeline import (
                tokenize,  # spaCy is loaded only for a new rule word
            )
            self.known[key] = tuple(tokenize(word, lang)[2])
        return self.known[key]


@lru_cache(maxsize=16)
def _contractions(lang: str) -> frozenset[str]:
    """Words spaCy's tokenizer exceptions cut into several tokens in ``lang`` (lower-case)."""
    import spacy.util  # the language's exception table only, no pipeline
    try:
        table = spacy.util.get_lang_class(lang).Defaults.tokenizer_exceptions
    except (ImportError, KeyError, AttributeError):
        return frozenset()
    return frozenset(text.lower() for text, pieces in table.items() if len(pieces) > 1)


#: The process-wide word splits.
SPLITS = WordSplits()


@dataclass
class MatchMemory:
    """Answers for one token index (by content): term positions, regex and code results."""

    terms: dict = field(default_factory=dict)
    regexes: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)


_MEMORIES: OrderedDict[tuple, MatchMemory] = OrderedDict()
_STORES: OrderedDict[Path, RuleStore] = OrderedDict()


def forget_shared() -> None:
    """Forget every answer kept in this process (as if a new process started); the files
    on disk stay."""
    _MEMORIES.clear()
    _STORES.clear()


def _remember(registry: OrderedDict, key, make):
    if key not in registry:
        registry[key] = make()
    registry.move_to_end(key)
    while len(registry) > KEEP_INDEXES:
        registry.popitem(last=False)
    return registry[key]


def _texts_key(texts: list[str | None]) -> tuple[int, str]:
    """Which passages a regex runs on (the texts themselves are fixed by the index key)."""
    present = np.fromiter((t is not None for t in texts), bool, len(texts))
    return len(texts), hashlib.sha1(np.packbits(present).tobytes()).hexdigest()


class RuleMatcher:
    """Evaluates rule words on one token index, keeping every answer.

    Parameters
    ----------
    index:
        The :class:`~interview_analysis.nlp.index.TokenIndex` of a corpus.
    memory:
        Answers kept in this process (default: new, empty).
    store:
        Answers kept on disk (default: none).
    budget:
        The time all regular expressions may take (default: :data:`REGEX_BUDGET`).
    """

    def __init__(self, index, memory: MatchMemory | None = None, store: RuleStore | None = None,
                 budget: RegexBudget | None = None, splits: WordSplits | None = None) -> None:
        self.index = index
        self.memory = memory if memory is not None else MatchMemory()
        self.store = store
        self.budget = budget or RegexBudget()
        self.splits = splits or SPLITS
        self._arrow = None

    @classmethod
    def shared(cls, index, folder: Path | None = None) -> "RuleMatcher":
        """A matcher whose answers are shared by every index with the same content, and
        saved in ``folder`` when given."""
        if not index.key:
            return cls(index)
        lemmatizer = type(index.lemmatizer).__qualname__
        memory = _remember(_MEMORIES, (index.key, lemmatizer), MatchMemory)
        store = None
        if folder is not None:
            path = store_path(folder, index)
            store = _remember(_STORES, path, lambda: RuleStore(path, index.lang, SPLITS))
        return cls(index, memory, store)

    @property
    def lang(self) -> str:
        return self.index.lang

    def save(self) -> None:
        """Write what was evaluated to the disk store (errors only cost speed)."""
        if self.store is not None:
            self.store.save()

    # -- words ---------------------------------------------------------------------------
    def length(self, phrase) -> int:
        """How many tokens ``phrase`` spans in this index's language."""
        return len(phrase.for_lang(self.lang, self.splits).terms)

    def starts(self, phrase) -> np.ndarray:
        """Token positions where the whole ``phrase`` begins (inside one passage)."""
        index = self.index
        terms = phrase.for_lang(self.lang, self.splits).terms
        first = self.positions(terms[0])
        first = first[index.passage[first] >= 0]
        for k, term in enumerate(terms[1:], start=1):
            nxt = first + k
            nxt_ok = nxt < index.n_tokens
            first, nxt = first[nxt_ok], nxt[nxt_ok]
            keep = np.isin(nxt, self.positions(term)) & (index.passage[nxt] == index.passage[first])
            first = first[keep]
        return first

    def positions(self, term: Term) -> np.ndarray:
        """Sorted token positions of ``term``."""
        if term not in self.memory.terms:
            key = term_key(term)
            ids = self.store.terms.get(key) if self.store is not None else None
            if ids is None:
                ids = np.flatnonzero(term_mask(term, self.index.vocab, self.index.lemmas,
                                               self.index.lemmatizer, self._arrow_vocab()))
                if self.store is not None:
                    self.store.add_term(key, ids)
            self.memory.terms[term] = self.index.form_positions(ids)
        return self.memory.terms[term]

    def _arrow_vocab(self):
        if self._arrow is None:
            self._arrow = (arrow_strings(self.index.vocab), arrow_strings(self.index.lemmas))
        return self._arrow

    # -- regular expressions and whole codes ----------------------------------------------
    def regex(self, rule, texts: list[str | None]) -> Hits:
        """What the regular expression ``rule`` matches in ``texts``."""
        key = (rule.source, _texts_key(texts))
        if key not in self.memory.regexes:
            stored_key = regex_key(*key)
            hit = self.store.regex(stored_key) if self.store is not None else None
            if hit is not None:
                self.memory.regexes[key] = Hits(hit[0], strings=hit[1])
            else:
                found = rule.scan(texts, self.budget)
                self.memory.regexes[key] = found
                if self.store is not None:
                    self.store.add_regex(stored_key, found.passages, found.strings)
        return self.memory.regexes[key]

    def code(self, roles: str, parts: tuple[tuple[str, ...], ...], evaluate):
        """``(passage rows, {row: matched words})`` of a code, from memory, the store or
        ``evaluate()``. ``roles`` keys the passage roles, ``parts`` the code's rules."""
        key = (roles, *parts)
        if key not in self.memory.codes:
            stored_key = code_key(roles, parts)
            found = self.store.code(stored_key) if self.store is not None else None
            if found is None:
                found = evaluate()
                if self.store is not None:
                    self.store.add_code(stored_key, *found)
            self.memory.codes[key] = found
        return self.memory.codes[key]

