"""Evaluative cues in a piece of text, with negation, contrast and conditions, and the verdict.

A text (a sentence or a few) is cut into tokens that carry their word form and lemma. Cue words
come from the language's lexicon (:mod:`.lexicon`), looked up by form or lemma, longest phrase
first. Then:

* **negation** — a negator (Finnish negative verb *ei/en/et/emme/ette/eivät*, *eikä*,
  *ettei*, *ellei*; English *not, n't, never, no, without*) reverses the cues in the next
  :data:`NEGATION_SCOPE` tokens of its clause (into an *että/that* clause too): *ei
  tarvitse*, *en lue*, *ei kiinnosta*, *don't read* are negative, *ei haittaa* positive;
* **contrast** — *mutta, kuitenkin, toisaalta / but, however* split the text; opposite
  polarities on the two sides make it ``mixed``;
* **conditions** — *vain jos, kunhan, riippuu / only if, as long as, depends* make a view
  ``mixed`` when they stand alone (*riippuu päivästä*) or between two sides; beside a one-sided
  evaluation they qualify it and the evaluation stands (*se riippuu koosta; isoille
  ehdottomasti* is positive, *turhia, ellei ole uutta* negative). A plain *jos / if* is no
  condition (*sama henkilö on erinomainen, jos kemiat toimivat* is positive), but what is said
  inside its clause is a hypothesis, not a cue (*… voi kysyä, jos jokin jäi epäselväksi*);
* **relief** — a negated need followed by an effort (*ei tarvitse selittää uudestaan*, *don't
  have to repeat myself*) is positive; a negated need of anything else is negative;
* **implicit** cues — obligation and benefit (*pitää, täytyy, pystyä, säästää / should,
  must, manage*) and the conditional mood of a wish (*olisi, toivoisin / would like*) — count as
  a positive view only when the text has no explicit cue;
* **alternation** — an alternation word twice in a sentence (*joskus hyvä, joskus ei /
  sometimes …, sometimes …*) makes it ``mixed``;
* **neutral** phrases (*vaikea sanoa, en osaa sanoa / hard to say*) are no cue at all;
* otherwise the polarity with the most cues wins; one against one, or the two sides of a
  contrast, is ``mixed``.

Examples
--------
>>> judge("Tekstiviestejä en lue ikinä.", "fi").stance
'negative'
>>> judge("Se on tosi hyvä, jos se on personoitu.", "fi").stance
'mixed'
>>> judge("Not really, only if they have something new.", "en").stance
'mixed'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...nlp.lemmas import Lemmatizer
from .lexicon import Lexicon, load_lexicon, words_of

#: How many tokens after a negator it reaches (within its clause): the Finnish negative verb
#: and its connegative can stand apart ("ei se nimi tai ulkonäkö ole tärkeää").
NEGATION_SCOPE = 9
#: How far after a negated need ("ei tarvitse") the spared effort may come (tokens).
RELIEF_REACH = 4
_SENTENCE_END = {".", "!", "?"}
_CLAUSE_END = {",", ";", ":"}
#: Words that carry a negation on into the clause after a comma ("en usko, että …").
_COMPLEMENT = {"että", "jotta", "that", "whether"}
#: Words that end an "if" clause and start the main clause ("jos …, niin hyvä").
_THEN = {"niin", "then", "so"}
#: Words that join the last item of a list, and the longest such tail (tokens).
_COORDINATORS = {"ja", "tai", "sekä", "and", "or"}
LIST_RUN = 4
#: Negators that reverse a cue but are no "no" on their own: "ilman jonotusta", and the
#: "and not" of "kumppani eikä pelkkä laskun maksaja" (a partner, not a mere payer).
_NOT_BARE = {"ilman", "without", "eikä", "eivätkä", "enkä", "emmekä", "nor"}


@dataclass(frozen=True)
class Token:
    """A word (lower-cased form and lemma) or punctuation mark, with its offsets."""

    form: str
    lemma: str
    start: int
    end: int


@dataclass
class Judgement:
    """The cues found in a text and the stance they give.

    ``positive``/``negative`` list the cue words (a negated cue as ``"ei + tarvita"``);
    ``conditions`` the condition words; ``stance`` is ``positive``, ``negative``, ``mixed``
    or ``None`` (nothing evaluative).
    """

    positive: list[str] = field(default_factory=list)
    negative: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    implicit: list[str] = field(default_factory=list)
    alternation: list[str] = field(default_factory=list)
    contrast: bool = False
    stance: str | None = None

    @property
    def cues(self) -> list[str]:
        """Every cue, for the evidence column: ``+hyvä``, ``-ei + lukea``, ``?vain jos``,
        ``~pitää`` (implicit)."""
        return ([f"+{c}" for c in self.positive] + [f"-{c}" for c in self.negative]
                + [f"?{c}" for c in self.conditions + self.alternation]
                + [f"~{c}" for c in self.implicit])

    @property
    def strength(self) -> float:
        """How much the verdict rests on: explicit cues count 1, implicit ones only ½."""
        explicit = len(self.positive) + len(self.negative) + len(self.conditions) + \
            len(self.alternation)
        return float(explicit) if explicit else 0.5 * bool(self.implicit)


@lru_cache(maxsize=8)
def _lemmatizer(lang: str) -> Lemmatizer:
    return Lemmatizer(lang)


def tokenize(text: str, lang: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens of ``text`` with lemmas (offsets shifted by ``offset``)."""
    lem = _lemmatizer(lang if lang in ("fi", "en") else "en")
    out = []
    for m in words_of(text, lang):  # offsets are those of ``text``
        form = m.group(0).lower()
        lemma = form if not form[0].isalnum() else lem.lemma(form).rstrip(".")
        out.append(Token(form, lemma, offset + m.start(), offset + m.end()))
    return out


class CueFinder:
    """Finds the cues of one language's lexicon (plus extra words) in token lists."""

    def __init__(self, lang: str, lexicon: Lexicon | None = None) -> None:
        self.lang = lang
        self.lexicon = lexicon or load_lexicon(lang)
        self._first: dict[str, dict[str, list[tuple[int, tuple[str, ...]]]]] = {}
        self._candidates: dict[tuple[str, str, str], list[tuple[str, ...]]] = {}

    def _starting(self, kind: str, token: Token) -> list[tuple[str, ...]]:
        """The ``kind`` phrases whose first word matches ``token``, in lexicon order (longest
        first): every token is checked against a few phrases, not the whole list."""
        key = (kind, token.form, token.lemma)
        found = self._candidates.get(key)
        if found is None:
            if kind not in self._first:
                index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
                for k, phrase in enumerate(self.lexicon.phrases(kind)):
                    index.setdefault(phrase[0], []).append((k, phrase))
                self._first[kind] = index
            index = self._first[kind]
            heads = dict.fromkeys((token.form, token.lemma, "=" + token.form))
            found = [p for _, p in sorted(x for h in heads for x in index.get(h, ()))]
            self._candidates[key] = found
        return found

    def _match(self, tokens: list[Token], i: int, kind: str) -> int:
        """Length of the longest ``kind`` phrase starting at token ``i`` (0 when none)."""
        if i >= len(tokens):
            return 0
        for phrase in self._starting(kind, tokens[i]):
            window = tokens[i:i + len(phrase)]
            if len(window) == len(phrase) and all(map(_same, phrase, window)):
                return len(phrase)
        return 0

    def _scope_end(self, tokens: list[Token], i: int) -> int:
        """The last token a negator at ``i`` reaches."""
        j, seen = i, 0
        while j + 1 < len(tokens) and seen < NEGATION_SCOPE:
            nxt = tokens[j + 1].form
            if nxt in _SENTENCE_END or self._match(tokens, j + 1, "contrast"):
                break
            if nxt in _CLAUSE_END:
                after = tokens[j + 2].form if j + 2 < len(tokens) else ""
                if after not in _COMPLEMENT:
                    break
            j += 1
            seen += 1
        return j

    def judge(self, tokens: list[Token], extra=(), absence: int = -1) -> Judgement:
        """The cues of ``tokens`` and the stance they give (see the module docstring).

        ``extra`` are further cues ``(token index, +1/-1, words)`` — a code's own stance rules
        — that count twice, since a researcher wrote them for this code. ``absence`` is what a
        bare "no" says about the code: against it (-1, default), or for it (+1) when the code
        names something wanted, so that "we don't do it" speaks for it.
        """
        state = _State(Judgement(), absence=absence)
        pending = sorted(extra)
        i = 0
        while i < len(tokens):
            while pending and pending[0][0] <= i:
                _, value, words = pending.pop(0)
                state.add(words, 2 * value, i)
            i = self._step(tokens, i, state)
        for _, value, words in pending:
            state.add(words, 2 * value, len(tokens))
        found = state.found
        found.alternation = self._alternation(tokens)
        found.stance = self._verdict(found, state, tokens)
        return found

    def _alternation(self, tokens: list[Token]) -> list[str]:
        """"Joskus hyvä, joskus ei" / "sometimes …, sometimes …": an alternation word twice in
        one sentence: the view depends on the occasion."""
        out, seen = [], []
        for i, t in enumerate(tokens):
            if t.form in _SENTENCE_END:
                seen = []
            elif self._match(tokens, i, "alternation"):
                seen.append(t.form)
                if len(seen) == 2:
                    out.append(" … ".join(seen))
        return out

    def _step(self, tokens: list[Token], i: int, state: "_State") -> int:
        """Read the cue at token ``i``; return the index after it."""
        t = tokens[i]
        if t.form in _SENTENCE_END or t.form in _CLAUSE_END or t.form in _THEN:
            state.sentence += t.form in _SENTENCE_END
            state.in_if = state.in_if and t.form == "," and _listed(tokens, i + 1)
            if t.form in _SENTENCE_END or (t.form in _CLAUSE_END and i + 1 < len(tokens)
                                           and tokens[i + 1].form not in _COMPLEMENT):
                state.negated_until = -1
            return i + 1
        for kind in ("neutral", "condition", "contrast"):
            n = self._match(tokens, i, kind)
            if n:
                if kind == "neutral" and i <= state.negated_until and state.bare:
                    state.bare.pop()
                if kind == "condition":
                    state.found.conditions.append(_words(tokens, i, n))
                elif kind == "contrast":
                    state.segment, state.negated_until = state.segment + 1, -1
                    state.found.contrast = True
                return i + n
        if self._match(tokens, i, "if"):
            state.in_if = True
            return i + 1
        n = self._match(tokens, i, "negation")
        if n and not self._polar_phrase_at(tokens, i):
            state.negator = _words(tokens, i, n)
            state.negated_until = self._scope_end(tokens, i + n - 1)
            if not state.in_if and state.negator not in _NOT_BARE:
                state.bare.append(state.negator)
            return i + n
        if state.in_if:  # a hypothesis ("jos jokin jäi epäselväksi"), not an evaluation
            return i + 1
        return self._cue(tokens, i, state)

    def _cue(self, tokens: list[Token], i: int, state: "_State") -> int:
        negated = i <= state.negated_until
        if negated and state.bare and self._cue_at(tokens, i):
            state.bare.pop()  # the negation turns a cue: it is not a bare "no"
        if negated and self._match(tokens, i, "need"):
            return self._negated_need(tokens, i, state)
        n, value, words = self._polar(tokens, i)
        if n:
            if negated:
                value, words = (1 if value < 0 else -1), f"{state.negator} + {words}"
                state.negated_until = -1  # a negation turns one cue ("en tykkää, että …")
            if value:
                state.add(words, value, i)
            return i + n
        n = self._match(tokens, i, "implicit")
        if n:
            if negated:  # "ei voi jäädä odottelemaan": what is at stake, not a view
                state.bare.append(f"{state.negator} + {_words(tokens, i, n)}")
                state.negated_until = -1
            else:
                state.found.implicit.append(_words(tokens, i, n))
            return i + n
        n = self._match(tokens, i, "wish")
        if n:
            state.found.implicit.append(_words(tokens, i, n))
            return i + n
        return i + 1

    def _cue_at(self, tokens: list[Token], i: int) -> bool:
        return any(self._match(tokens, i, kind)
                   for kind in ("need", "negative", "positive", "negatable", "implicit"))

    def _negated_need(self, tokens: list[Token], i: int, state: "_State") -> int:
        """"ei tarvitse …": relief when an effort follows (positive), a refusal when a
        contact follows ("ei tarvitse soitella", negative), else only a weak "no"."""
        state.negated_until = -1
        spared = self._following(tokens, i, "relief")
        if spared is not None:
            state.add(f"{state.negator} + {tokens[i].form} + {tokens[spared].form}", 1, i)
            return spared + 1
        contact = self._following(tokens, i, "contact")
        if contact is not None:
            state.add(f"{state.negator} + {tokens[i].form} + {tokens[contact].form}", -1, i)
            return contact + 1
        state.bare.append(f"{state.negator} + {tokens[i].form}")
        return i + 1

    def _following(self, tokens: list[Token], i: int, kind: str) -> int | None:
        """The first ``kind`` word within :data:`RELIEF_REACH` tokens after ``i`` in its
        clause, or ``None``."""
        for j in range(i + 1, min(i + 1 + RELIEF_REACH, len(tokens))):
            if tokens[j].form in _SENTENCE_END or tokens[j].form in _CLAUSE_END:
                return None
            if self._match(tokens, j, kind):
                return j
        return None

    def _polar_phrase_at(self, tokens: list[Token], i: int) -> bool:
        """A cue phrase that starts with a negator ("ei kovin", "not really") is a cue."""
        return any(self._match(tokens, i, kind) > 1 for kind in ("negative", "positive"))

    def _polar(self, tokens: list[Token], i: int) -> tuple[int, int, str]:
        """``(length, value, words)`` of a cue at ``i``: value +1, -1, or 0 (negatable)."""
        for kind, value in (("negative", -1), ("positive", 1), ("negatable", 0)):
            n = self._match(tokens, i, kind)
            if n:
                return n, value, " ".join(t.form for t in tokens[i:i + n])
        return 0, 0, ""

    def _verdict(self, found: Judgement, state: "_State", tokens: list[Token]) -> str | None:
        polar = state.polar
        positive = sum(v for *_, v in polar if v > 0)
        negative = -sum(v for *_, v in polar if v < 0)
        if found.alternation or found.conditions and bool(positive) == bool(negative):
            return "mixed"  # "riippuu", or a condition between two sides
        if not polar:
            bare = len(state.bare)
            found.implicit += [f"{'-' if state.absence < 0 else '+'}{b}" for b in state.bare]
            if not found.implicit:
                return None
            if state.absence > 0:
                return "positive"
            return "positive" if len(found.implicit) - bare >= bare else "negative"
        if positive and negative:
            sides = {}
            for _, segment, _, value in polar:
                sides[segment] = sides.get(segment, 0) + value
            if found.contrast and min(sides.values()) < 0 < max(sides.values()) \
                    or positive == negative:
                return "mixed"
        return "positive" if positive > negative else "negative"


def _listed(tokens: list[Token], i: int) -> bool:
    """Whether the words from ``i`` to the next punctuation are the end of a list ("…
    uutta, parempaa tai halvempaa"): a short run with a coordinator, so an "if" clause goes
    on through the comma."""
    run = []
    for t in tokens[i:]:
        if not t.form[0].isalnum():
            break
        run.append(t.form)
    return 0 < len(run) <= LIST_RUN and any(w in _COORDINATORS for w in run)


def _same(word: str, token: Token) -> bool:
    """Whether a lexicon word matches a token: its form or lemma; ``=word`` only the form
    (``=pitää`` is "must", not "pidetään", "is held")."""
    return token.form == word[1:] if word[0] == "=" else word in (token.form, token.lemma)


def _words(tokens: list[Token], i: int, n: int) -> str:
    return " ".join(t.form for t in tokens[i:i + n])


@dataclass
class _State:
    """Where :meth:`CueFinder.judge` is in a text."""

    found: Judgement
    polar: list[tuple[int, int, int, int]] = field(default_factory=list)  # i, seg, sent, value
    in_if: bool = False  # inside a "jos/if" clause
    negated_until: int = -1
    negator: str = ""
    bare: list[str] = field(default_factory=list)  # negators that turned no cue
    absence: int = -1  # what a bare "no" says about the code
    segment: int = 0
    sentence: int = 0

    def add(self, words: str, value: int, i: int) -> None:
        (self.found.positive if value > 0 else self.found.negative).append(words)
        self.polar.append((i, self.segment, self.sentence, value))


def judge(text: str, lang: str) -> Judgement:
    """The cues and stance of ``text`` with the language's own lexicon."""
    return CueFinder(lang).judge(tokenize(text, lang))
