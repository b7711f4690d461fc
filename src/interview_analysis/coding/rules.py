"""Rule syntax and evaluation: terms, phrases, proximity, co-presence and a regex escape hatch.

A rule is one line in the codebook YAML:

==========================  ==================================================================
``sähköposti``              a term (see :mod:`.terms` for ``=``, ``head:``, ``mod:``, ``*``)
``saman yhteyshenkilön``    a phrase: consecutive words, each matched by lemma
``sama NEAR/3 henkilö``     both within 3 words of each other, in either order
``sama NEAR/s henkilö``     both in the same sentence
``yhteydenotto AND turha``  both somewhere in the same passage
``re:\\bCRM\\b``            a regular expression over the passage text (case-insensitive,
                            time-limited)
==========================  ==================================================================
"""
from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import regex

from ..nlp.index import TokenIndex
from ..nlp.pipeline import tokenize
from . import rulecache
from .terms import Term, arrow_strings, term_mask

REGEX_TIMEOUT = 0.5  # seconds per passage; catastrophic patterns fail instead of hanging
_NEAR = re.compile(r"\s+NEAR/(\d+|s)\s+")
_AND = re.compile(r"\s+AND\s+")


_SPLITTABLE = re.compile(r"[-'’.:&+]")


class RuleSyntaxError(ValueError):
    """A rule string is malformed; the message says what is expected."""


@dataclass
class Hits:
    """Where a rule matched: passage row numbers and the tokens (or strings) that matched."""

    passages: np.ndarray
    tokens: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    strings: dict[int, set[str]] = field(default_factory=dict)


#: Results of terms and regular expressions on recently used indexes, by index content key:
#: loading a study again after a codebook edit re-evaluates only the rules that changed.
_SHARED: OrderedDict[tuple, dict] = OrderedDict()
_SHARED_INDEXES = 4


def _shared_cache(index: TokenIndex, kind: str) -> dict:
    """A cache of ``kind`` for ``index``: shared by every index with the same content key."""
    own = index.__dict__.get(f"_{kind}_cache")
    if own is not None:
        return own
    if not index.key:
        own = {}
    else:
        key = (index.key, type(index.lemmatizer).__qualname__, kind)
        own = _SHARED.setdefault(key, {})
        _SHARED.move_to_end(key)
        while len(_SHARED) > _SHARED_INDEXES * 2:
            _SHARED.popitem(last=False)
    index.__dict__[f"_{kind}_cache"] = own
    return own


def _term_positions(index: TokenIndex, term: Term) -> np.ndarray:
    """Sorted token positions of ``term``, cached (a codebook edit re-evaluates only the terms
    it adds)."""
    cache = _shared_cache(index, "term")
    if term not in cache:
        disk, key = rulecache.stored(index), rulecache.term_key(term)
        ids = disk.terms.get(key) if disk is not None else None
        if ids is None:
            arrow = index.__dict__.get("_arrow_vocab")
            if arrow is None:
                arrow = index.__dict__["_arrow_vocab"] = (arrow_strings(index.vocab),
                                                          arrow_strings(index.lemmas))
            ids = np.flatnonzero(term_mask(term, index.vocab, index.lemmas, index.lemmatizer,
                                           arrow))
            if disk is not None:
                disk.add_term(key, ids)
        cache[term] = index.form_positions(ids)
    return cache[term]


def _texts_key(texts: list[str | None]) -> tuple[int, str]:
    """Which passages a regex runs on (the texts themselves are fixed by the index key)."""
    present = np.fromiter((t is not None for t in texts), bool, len(texts))
    return len(texts), hashlib.sha1(np.packbits(present).tobytes()).hexdigest()


@dataclass(frozen=True)
class Phrase:
    """One or more consecutive terms."""

    terms: tuple[Term, ...]

    def for_lang(self, lang: str) -> "Phrase":
        """The phrase as the text is tokenised in ``lang``: a rule word the tokenizer would
        split (English *e-mail*, *follow-up*) becomes consecutive terms, so rules and text are
        cut the same way; Finnish keeps *teams-palaveri* as one word."""
        return _expand(self, lang)

    def length(self, lang: str) -> int:
        return len(self.for_lang(lang).terms)

    def starts(self, index: TokenIndex) -> np.ndarray:
        """Token positions where the whole phrase begins (inside one passage)."""
        terms = self.for_lang(index.lang).terms
        first = _term_positions(index, terms[0])
        first = first[index.passage[first] >= 0]
        for k, term in enumerate(terms[1:], start=1):
            nxt = first + k
            nxt_ok = nxt < index.n_tokens
            first, nxt = first[nxt_ok], nxt[nxt_ok]
            keep = np.isin(nxt, _term_positions(index, term)) & (
                index.passage[nxt] == index.passage[first])
            first = first[keep]
        return first

    def token_span(self, starts: np.ndarray, lang: str) -> np.ndarray:
        n = self.length(lang)
        return np.concatenate([starts + k for k in range(n)]) if len(starts) else starts


@lru_cache(maxsize=4096)
def _expand(phrase: Phrase, lang: str) -> Phrase:
    terms: list[Term] = []
    for term in phrase.terms:
        if term.kind in ("plain", "exact") and _SPLITTABLE.search(term.text):
            forms = rulecache.SPLITS.get((lang, term.text))
            if forms is None:  # not cut in this process nor in an earlier one: ask spaCy
                forms = rulecache.SPLITS[(lang, term.text)] = tuple(tokenize(term.text, lang)[2])
            if len(forms) > 1:
                terms.extend(Term(f, term.kind) for f in forms)
                continue
        terms.append(term)
    return Phrase(tuple(terms))


@dataclass(frozen=True)
class Rule:
    """A parsed rule; call :meth:`match` on a token index."""

    source: str
    kind: str  # phrase | near | and | regex
    parts: tuple[Phrase, ...] = ()
    distance: int | None = None  # NEAR/n; None for NEAR/s
    pattern: object = None

    @classmethod
    def parse(cls, source: str) -> "Rule":
        text = str(source).strip()
        if not text:
            raise RuleSyntaxError("the rule is empty")
        if text.startswith("re:"):
            try:
                return cls(text, "regex", pattern=regex.compile(text[3:], regex.I | regex.V0))
            except regex.error as exc:
                raise RuleSyntaxError(f"invalid regular expression: {exc}") from None
        near = _NEAR.split(text)
        if len(near) == 3:
            left, dist, right = near
            return cls(text, "near", (_phrase(left), _phrase(right)),
                       None if dist == "s" else int(dist))
        if len(near) > 3:
            raise RuleSyntaxError("use one NEAR/n per rule")
        pieces = _AND.split(text)
        if len(pieces) > 1:
            return cls(text, "and", tuple(_phrase(p) for p in pieces))
        if "NEAR" in text.split() or "NEAR/" in text:
            raise RuleSyntaxError("write proximity as 'word NEAR/3 word' or 'word NEAR/s word'")
        return cls(text, "phrase", (_phrase(text),))

    def match(self, index: TokenIndex, passage_texts: list[str] | None = None) -> Hits:
        """Passages (row numbers) where this rule matches, with the matching tokens."""
        if self.kind == "regex":
            if passage_texts is None or index is None:
                return self._match_regex(passage_texts or [])
            # Cached like terms: re-coding after an edit re-runs only new regexes.
            cache = _shared_cache(index, "regex")
            key = (self.source, _texts_key(passage_texts))
            if key not in cache:
                disk, disk_key = rulecache.stored(index), rulecache.regex_key(*key)
                hit = disk.regex(disk_key) if disk is not None else None
                if hit is not None:
                    cache[key] = Hits(hit[0], strings=hit[1])
                else:
                    cache[key] = self._match_regex(passage_texts)
                    if disk is not None:
                        disk.add_regex(disk_key, cache[key].passages, cache[key].strings)
            return cache[key]
        if self.kind == "phrase":
            phrase = self.parts[0]
            tokens = phrase.token_span(phrase.starts(index), index.lang)
            return Hits(np.unique(index.passage[tokens]), tokens)
        if self.kind == "and":
            found = [p.starts(index) for p in self.parts]
            keep = np.unique(index.passage[found[0]]).astype(np.int64)
            for f in found[1:]:
                keep = np.intersect1d(keep, index.passage[f])
            tokens = np.concatenate([p.token_span(f[np.isin(index.passage[f], keep)], index.lang)
                                     for p, f in zip(self.parts, found)])
            return Hits(keep, tokens)
        return self._match_near(index)

    def _match_near(self, index: TokenIndex) -> Hits:
        (pa_, pb) = self.parts
        a, b = pa_.starts(index), pb.starts(index)
        if not len(a) or not len(b):
            return Hits(np.zeros(0, np.int64))
        if self.distance is None:
            shared = np.intersect1d(index.sentence[a], index.sentence[b])
            shared = shared[shared >= 0]
            a_ok, b_ok = np.isin(index.sentence[a], shared), np.isin(index.sentence[b], shared)
        else:
            a_ok = _within(a, b, self.distance + pb.length(index.lang), index.passage)
            b_ok = _within(b, a, self.distance + pa_.length(index.lang), index.passage)
        tokens = np.concatenate([pa_.token_span(a[a_ok], index.lang),
                                 pb.token_span(b[b_ok], index.lang)])
        return Hits(np.unique(index.passage[a[a_ok]]), tokens)

    def _match_regex(self, passage_texts: list[str]) -> Hits:
        found, strings = [], {}
        for i, text in enumerate(passage_texts):
            if text is None:
                continue
            try:
                matches = [m.group(0) for m in self.pattern.finditer(text, timeout=REGEX_TIMEOUT)]
            except TimeoutError:
                raise RuleSyntaxError(
                    f"the regular expression took longer than {REGEX_TIMEOUT} s on one passage "
                    "(catastrophic backtracking); simplify it, e.g. avoid nested quantifiers "
                    "like (a+)+") from None
            if matches:
                found.append(i)
                strings[i] = {m.lower() for m in matches if m}
        return Hits(np.asarray(found, np.int64), strings=strings)


def _within(a: np.ndarray, b: np.ndarray, distance: int, passage: np.ndarray) -> np.ndarray:
    """For each position in ``a``: is a ``b`` position within ``distance`` in the same passage?"""
    b = np.sort(b)
    i = np.searchsorted(b, a)
    ok = np.zeros(len(a), bool)
    for j in (i - 1, i):
        valid = (j >= 0) & (j < len(b))
        jj = np.clip(j, 0, len(b) - 1)
        ok |= valid & (np.abs(b[jj] - a) <= distance) & (passage[b[jj]] == passage[a])
    return ok


def _phrase(text: str) -> Phrase:
    words = text.split()
    if not words:
        raise RuleSyntaxError("an empty side in NEAR/AND")
    try:
        return Phrase(tuple(Term.parse(w) for w in words))
    except ValueError as exc:
        raise RuleSyntaxError(str(exc)) from None
