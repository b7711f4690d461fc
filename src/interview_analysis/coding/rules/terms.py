"""Which word forms of the vocabulary a rule term matches: lemma-, inflection- and compound-aware.

Term syntax (one word):

==============  =============================================================================
``posti``       lemma ``posti`` in any inflection, alone or as a compound part (Finnish and other
                compounding languages): *postia*, *sähköposti*, *postilaatikko*
``=posti``      the lemma only, never inside a compound
``head:posti``  alone or as the compound head: *sähköposti*, not *postilaatikko*
``mod:sähkö``   as the first part of a compound: *sähköposti*, *sähköpostitse*
``sähköpost*``  any lemma or form that starts with the text
``*posti``      any lemma or form that ends with the text
==============  =============================================================================

Whatever the lemmatiser or compound splitting says, a word form always matches a plain,
``=`` or ``head:`` term of the same text (ignoring case): a word copied from a transcript finds
itself even when the lexicon does not know it (*palautekyselyn*, *kasvotusten*).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import RuleSyntaxError
from ...nlp.lemmas import Lemmatizer, finnish_ending

_KINDS = {"=": "exact", "head:": "head", "mod:": "mod"}
_PIECES = re.compile(r"[-:'’]")
_TERM_OK = re.compile(r"^[\w\-:'’.&+]+$")


@dataclass(frozen=True)
class Term:
    """One parsed term: its text, kind and the lemma it stands for."""

    text: str
    kind: str  # plain | exact | head | mod | prefix | suffix

    @classmethod
    def parse(cls, raw: str) -> "Term":
        """Parse term syntax; raises :class:`RuleSyntaxError` when it is malformed."""
        raw = unicodedata.normalize("NFC", raw.strip()).lower()
        kind = "plain"
        for marker, name in _KINDS.items():
            if raw.startswith(marker):
                kind, raw = name, raw[len(marker):]
        if raw.endswith("*") and kind == "plain":
            kind, raw = "prefix", raw[:-1]
        elif raw.startswith("*") and kind == "plain":
            kind, raw = "suffix", raw[1:]
        if not raw or not _TERM_OK.match(raw):
            raise RuleSyntaxError("a term is one word of letters, digits or - : ' . & + "
                             "(with an optional =, head:, mod: or * marker)")
        return cls(raw, kind)


def _compound_position(word: str, target: str, lem: Lemmatizer) -> str | None:
    """Where ``target`` stands in ``word``: ``whole``, ``head``, ``mod`` or ``None``."""
    if word == target:
        return "whole"
    if lem.lang == "fi" and word.startswith(target) and finnish_ending(word[len(target):]):
        return "whole"  # an inflected form the lexicon does not know: "teamsissa"
    if not lem.compounding or len(target) < 3:
        return None
    if word.endswith(target):
        modifier = word[: -len(target)].rstrip("-")
        # Modifiers often stand in a compound form the lexicon does not list ("aamiais-",
        # "ihmis-"); for long heads any 3+ letter modifier is accepted.
        if len(modifier) >= 3 and (len(target) >= 6 or lem.is_known(modifier)
                                   or lem.is_known(lem.lemma(modifier))):
            return "head"
    if word.startswith(target):
        rest = word[len(target):].lstrip("-")
        if len(rest) >= 3 and (lem.is_known(rest) or lem.is_known(lem.lemma(rest))):
            return "mod"
    return None


@lru_cache(maxsize=65536)  # the same words are tested against every term of a codebook
def _words(form: str, lemma: str, lem: Lemmatizer) -> frozenset[str]:
    """The strings to test a term against: the lemma when the lexicon knows the form (so that
    *puhelimella* is *puhelin*, never *puhe* + *limella*), else the form and its pieces."""
    if lemma != form or lem.is_known(form):
        words = {lemma, *_PIECES.split(lemma)}
    else:
        words = {form, lemma, *_PIECES.split(form), *_PIECES.split(lemma)}
    if _PIECES.search(form):  # "-viesti", "it-laitteiden": real word boundaries
        words.update(_PIECES.split(form))
    words.discard("")
    return frozenset(words)


def _bare(word: str) -> str:
    """A word without the full stops, hyphens and apostrophes around it."""
    return word.strip(".-'’:")


def _form_matches(form: str, lemma: str, term: Term, target: str, lem: Lemmatizer) -> bool:
    if term.kind in ("plain", "exact", "head") and _bare(form) == _bare(term.text) != "":
        # A word copied from the text always finds itself, also where the tokenizer cut a
        # full stop or hyphen differently ("ks." is the token "ks" in "Ks. seuraava").
        return True
    words = _words(form, lemma, lem)
    if term.kind in ("prefix", "suffix"):
        words |= {form}  # "sähköpostiin*" finds "sähköpostiin" even when its lemma differs
    if term.kind == "prefix":
        return any(w.startswith(term.text) for w in words)
    if term.kind == "suffix":
        return any(w.endswith(term.text) for w in words)
    if term.kind == "exact":
        return lemma == target or form == term.text or target in _PIECES.split(form)
    allowed = {"plain": {"whole", "head", "mod"}, "head": {"whole", "head"},
               "mod": {"mod"}}[term.kind]
    return any(_compound_position(w, t, lem) in allowed for w in words
               for t in {target, term.text})


@lru_cache(maxsize=4096)
def term_target(term: Term, lem: Lemmatizer) -> str:
    """The lemma a term stands for (its text when the lexicon does not know it: guessing the
    lemma of an unknown compound can cut off its head and widen the rule wildly)."""
    lemmatise = term.kind in ("plain", "exact", "head", "mod") and lem.is_known(term.text)
    return lem.lemma(term.text) if lemmatise else term.text


def word_matches(term: Term, form: str, lemma: str, lem: Lemmatizer) -> bool:
    """Whether one word (lower-cased ``form`` and its ``lemma``) matches ``term`` — the check
    :func:`term_mask` makes for each candidate in the vocabulary."""
    target = term_target(term, lem)
    # Every way to match puts the term, its lemma or its bare text inside the form or the
    # lemma: most words are answered here, without looking at compounds.
    if not any(s in form or s in lemma for s in (target, term.text, _bare(term.text))):
        return False
    return _form_matches(form, lemma, term, target, lem)


def arrow_strings(values: np.ndarray) -> pa.Array:
    """The vocabulary (or its lemmas) as an Arrow string array for :func:`term_mask`."""
    return pa.array(values.tolist(), pa.string())


def term_mask(term: Term, vocab: np.ndarray, lemmas: np.ndarray, lem: Lemmatizer,
              arrow: tuple[pa.Array, pa.Array] | None = None) -> np.ndarray:
    """Boolean mask over the vocabulary: the forms ``term`` matches.

    A fast substring pre-filter (Arrow compute) narrows the vocabulary before the exact,
    compound-aware check runs on the few candidates. ``arrow`` is ``(vocab, lemmas)`` as
    Arrow arrays (:func:`arrow_strings`), when the caller keeps them for many terms.
    """
    target = term_target(term, lem)
    needles = {term.text, target} if term.kind != "mod" else {term.text}
    if _bare(term.text) and term.kind in ("plain", "exact", "head"):
        needles.add(_bare(term.text))
    if lem.lang == "fi" and term.kind in ("plain", "head") and len(target) >= 5:
        needles.add(target[:-1])  # Finnish stem alternation: posti -> postei-
    arrow_forms, arrow_lemmas = arrow or (arrow_strings(vocab), arrow_strings(lemmas))
    candidate = np.zeros(len(vocab), bool)
    for needle in needles:
        candidate |= pc.match_substring(arrow_forms, needle).to_numpy(zero_copy_only=False)
        candidate |= pc.match_substring(arrow_lemmas, needle).to_numpy(zero_copy_only=False)
    mask = np.zeros(len(vocab), bool)
    for i in np.flatnonzero(candidate):
        mask[i] = _form_matches(vocab[i], lemmas[i], term, target, lem)
    return mask
