"""Which words of a passage speak about a coding's topic: the text its stance is judged on.

A turn often touches several topics ("email is fine, but phone calls annoy me"), so a coding's
stance is judged on the sentences that hold the words that gave it its code, not on the whole
turn:

* a coding a researcher (or a model) placed on part of a passage: the sentences its span covers;
* a rule coding: the sentences that hold its matched words — when another code's words are in
  the same sentence, only the part of the sentence (cut at *mutta/but*) that holds this code's
  words; when those sentences say nothing evaluative, the next sentence too if it is about the
  same thing (an anaphoric "Se on …", or "I really appreciated that": the speaker, then a
  word that refers back);
* a coding that came from the interviewer's question (matched words ``Q: …``): the first
  sentences of the answer, where a short answer such as "Kyllä." or "Ei oikeastaan." is the
  stance.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...nlp.sentences import sentence_spans
from .cues import Token, tokenize

#: Sentences of an answer judged for a coding that came from the question.
ANSWER_SENTENCES = 3
#: Matched words this short ("a", "ok", "ei") are not the topic when a longer one matched too.
SHORT_WORD = 2


@dataclass
class PassageText:
    """One passage cut into sentences of tokens (each a list of :class:`~.cues.Token`)."""

    start: int
    end: int
    sentences: list[tuple[int, int]]
    tokens: list[list[Token]]

    @classmethod
    def of(cls, text: str, start: int, end: int, lang: str) -> "PassageText":
        spans = sentence_spans(text, start, end) or [(start, end)]
        return cls(start, end, spans, [tokenize(text[a:b], lang, a) for a, b in spans])

    def covering(self, start: int, end: int) -> list[int]:
        """Sentences that overlap ``[start, end)``."""
        return [i for i, (a, b) in enumerate(self.sentences) if a < end and b > start]

    def holding(self, words: set[str], strings: set[str], text: str) -> list[int]:
        """Sentences with a token whose form is in ``words`` or whose text holds one of
        ``strings`` (what a regular expression matched)."""
        out = []
        for i, tokens in enumerate(self.tokens):
            a, b = self.sentences[i]
            if any(t.form in words for t in tokens) or \
                    any(s and s in text[a:b].lower() for s in strings):
                out.append(i)
        return out


def matched_words(matched: object) -> tuple[set[str], set[str], bool]:
    """``(word forms, other strings, from the question)`` of a rule coding's ``matched``
    column (``"sähköpostilla; sähköposti"``, ``"Q: säännöllinen"``)."""
    words, strings, question = set(), set(), False
    if not isinstance(matched, str):
        return words, strings, question
    for item in (m.strip() for m in matched.split("; ")):
        if item.startswith("Q: "):
            question = True
        elif item:
            (words if " " not in item and item.isalnum() else strings).add(item.lower())
    # A phrase rule ("a call") records each of its words; a word of one or two letters would
    # then pull in every sentence with "a" in it. It counts only when nothing longer matched.
    content = {w for w in words if len(w) > SHORT_WORD}
    return (content or words), strings, question


def own_part(tokens: list[Token], words: set[str], others: set[str], contrast) -> list[Token]:
    """The part of a sentence (cut at contrast words) that holds ``words`` — the whole
    sentence when it holds no word of another code (``others``)."""
    if not any(t.form in others and t.form not in words for t in tokens):
        return tokens
    parts, current = [], []
    for i, t in enumerate(tokens):
        if contrast(tokens, i) and current:
            parts.append(current)
            current = []
        current.append(t)
    parts.append(current)
    mine = [p for p in parts if any(t.form in words for t in p)]
    return [t for p in mine for t in p] or tokens
