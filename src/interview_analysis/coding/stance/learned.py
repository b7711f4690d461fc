"""Stance suggestions: is the interviewee for, against or in two minds about what a code names?

Two parts, blended:

* **Cues** (no training). Small lexicons per language (:data:`CUES`) of positive and negative
  evaluations ("hyvä", "arvostan", "turhaa", "ärsyttää"; "great", "prefer", "useless"),
  *negatable* words that only carry a stance when negated ("en **lue** ikinä", "ei
  **tarvitse**", "not **necessary**"), negations ("ei/en/eikä", "not/never/don't") that flip a
  cue up to ``scope`` content words after them within the clause, and conditionals ("vain jos",
  "riippuu", "only if", "depends"). Both polarities, or a conditional, give ``mixed``
  (the contrastives "toisaalta" / "on the other hand" only together with a polarity). A cue
  followed later in its sentence by "jos"/"if" is a conditional endorsement ("Se on tosi hyvä,
  jos se on personoitu" → mixed).
* **Classifier** (once ``min_training`` manual stances exist): a multinomial, class-balanced
  logistic regression on the researcher's stances whose features are the lemma TF-IDF of the
  coded text, the cue features above (counts and verdict, × ``cue_weight``) and the code
  (one-hot, × ``code_weight``). The cues are thus blended in by learning: the classifier
  finds out how far this researcher's stances follow them (one codes "good, if it is
  personalised" as mixed, another as positive) and what stance each code tends to carry.
  Class balancing costs some accuracy when one stance dominates but keeps the suggestions
  from being "positive" for everything.

The text judged for a coding is the coded span inside the passage (a span narrower than the
passage is what the researcher pointed at). Without any cue and without a classifier no stance
is suggested (``None``): an empty stance is better than a guess.

Examples
--------
>>> StanceSuggester("fi").cue_stance("Tekstiviestejä en lue ikinä.")
'negative'
>>> StanceSuggester("en").cue_stance("Not really, only if they have something new.")
'mixed'
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from ...nlp.lemmas import Lemmatizer
from ..codings import STANCES
from ..features import passage_features, span_lemmas, stop_words
from ..learn import case_splits

#: Cue lexicons. Entries are lemmas or lower-cased word forms (both are looked up); a phrase is
#: a space-separated sequence. ``negatable``: a stance only when negated (then negative).
CUES: dict[str, dict[str, frozenset[str]]] = {
    "fi": {
        "positive": frozenset("""
            hyvä hyvin paras parempi tärkeä tärkein arvostaa kiva loistava mukava mieluiten
            mielellään mieluusti hieno huippu erinomainen ihana tykätä hyödyllinen hyöty
            helppo helpoin kätevä toimiva tehokas olennainen välttämätön kriittinen selkeä
            joustava luotettava positiivinen plussa kiinnostava arvokas tarpeellinen toivoa
            ehdottomasti kannattaa miellyttävä sujuva""".split()),
        "negative": frozenset("""
            turha turhaan ärsyttää ärsyttävä liikaa liian huono huonosti epämiellyttävä
            rasittava häiritä häiritsevä inhota vastenmielinen tyrkyttää tyrkyttäminen
            roskaposti spämmi ikävä hankala vaivalloinen hyödytön tarpeeton tunkeileva
            turhauttaa turhauttava ahdistaa negatiivinen ylimääräinen hukka kammota
            epäkohtelias haitata haitta""".split()) | {"ei oikeastaan", "ei kovin", "ei juuri"},
        "negatable": frozenset("""
            lukea tarvita kiinnostaa välttämättä merkitä merkitys haluta halu tärkeä
            hyödyllinen välttämätön olennainen ratkaista""".split()),
        "negation": frozenset("ei ilman tuskin".split()),
        "conditional": frozenset({"vain jos", "riippua", "kunhan", "ellei", "tapauskohtainen",
                                  "paitsi jos", "tietyissä tilanteissa", "toisaalta"}),
        "if": frozenset({"jos", "mikäli"}),
        "clause_break": frozenset({"mutta", "vaan", "kuitenkin", "silti"}),
    },
    "en": {
        "positive": frozenset("""
            good great excellent like love prefer appreciate value valuable useful helpful
            important nice best better easy convenient efficient essential crucial happy glad
            enjoy welcome perfect worth fantastic brilliant pleasant smooth reliable wish
            definitely absolutely positive fine okay""".split()),
        "negative": frozenset("""
            useless annoying annoy irritating irritate bad worse worst waste hate dislike
            pointless spam pushy intrusive frustrating frustrate tedious unnecessary
            overwhelming bother boring terrible awful poor junk ignore delete negative
            nuisance""".split()) | {"too much", "too many", "not really", "no need",
                                     "too often"},
        "negatable": frozenset("""
            read need necessary matter care interest interested open want important useful
            help""".split()),
        "negation": frozenset("""
            not no never nothing hardly without neither nor barely don't doesn't didn't
            isn't aren't wasn't weren't won't wouldn't can't cannot couldn't shouldn't
            haven't hasn't n't""".split()),
        "conditional": frozenset({"only if", "depend", "depends", "as long as", "unless",
                                  "provided that", "on the other hand", "it depends"}),
        "if": frozenset({"if"}),
        "clause_break": frozenset({"but", "however", "although", "though", "yet"}),
    },
}
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[.!?;:,]")
_SENTENCE_END = {".", "!", "?"}
_CLAUSE_END = {",", ";", ":"} | _SENTENCE_END
#: Conditionals that do not make a stance mixed on their own (they only join two polarities).
_CONTRAST_ONLY = {"toisaalta", "on the other hand"}


def _phrases(words: frozenset[str]) -> list[tuple[str, ...]]:
    return sorted((tuple(w.split()) for w in words), key=len, reverse=True)


class StanceSuggester:
    """Suggest ``positive`` / ``negative`` / ``mixed`` for coded text (see the module docstring).

    Parameters
    ----------
    lang:
        ``fi`` or ``en`` (other languages fall back to the English cues).
    scope:
        How many content words (stop words not counted) after a negation it reaches.
    min_training:
        Manual stances needed before the classifier is trained in ``fit``.
    cue_weight, code_weight:
        Scale of the cue features and of the code one-hot next to the word features.
    char_weight:
        Weight of character n-grams in the classifier (0: lemmas only).
    class_weight:
        ``"balanced"`` (default) or ``None`` for the logistic regression.
    C:
        Inverse regularisation strength of the classifier.
    """

    def __init__(self, lang: str, scope: int = 3, min_training: int = 20,
                 cue_weight: float = 1.0, code_weight: float = 1.0, char_weight: float = 0.0,
                 C: float = 2.0, class_weight: str | None = "balanced") -> None:
        self.lang = lang
        self.scope = scope
        self.min_training = min_training
        self.cue_weight = cue_weight
        self.code_weight = code_weight
        self.char_weight = char_weight
        self.C = C
        self.class_weight = class_weight
        self.cues_ = CUES.get(lang, CUES["en"])
        self._lemmatizer = Lemmatizer(lang if lang in CUES else "en")
        self._phrase_lists = {k: _phrases(v) for k, v in self.cues_.items()}
        self._stop = stop_words(lang if lang in CUES else "en") - self.cues_["positive"] \
            - self.cues_["negative"] - self.cues_["negatable"]

    # -- cues ----------------------------------------------------------------------------------
    def _tokens(self, text: str) -> list[tuple[str, str]]:
        forms = [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
        return [(f, f if f in _CLAUSE_END else self._lemmatizer.lemma(f).rstrip("."))
                for f in forms]

    def _match(self, tokens, i: int, kind: str) -> int:
        """Length of the longest ``kind`` phrase starting at token ``i`` (0 when none)."""
        for phrase in self._phrase_lists[kind]:
            n = len(phrase)
            window = tokens[i:i + n]
            if len(window) == n and all(w in (f, l) for w, (f, l) in zip(phrase, window)):
                return n
        return 0

    def _scope_end(self, tokens, i: int) -> int:
        """Index of the last token a negation at ``i`` reaches: ``scope`` content words (stop
        words such as "se", "minun", "ole", "it", "that" are skipped over)."""
        seen, j = 0, i
        while j + 1 < len(tokens) and seen < self.scope:
            j += 1
            form, lemma = tokens[j]
            if form in _CLAUSE_END:
                break
            if form not in self._stop and lemma not in self._stop:
                seen += 1
        return j

    def cues(self, text: str) -> dict[str, list[str]]:
        """The cues found: ``{"positive": [...], "negative": [...], "conditional": [...]}``
        (a negated cue is listed as ``"ei + tärkeä"`` under the flipped polarity)."""
        tokens = self._tokens(text)
        found = {"positive": [], "negative": [], "conditional": []}
        negated_until, sentence_polar, negator, i = -1, False, "", 0
        while i < len(tokens):
            form, lemma = tokens[i]
            if form in _SENTENCE_END:
                sentence_polar, negated_until = False, -1
                i += 1
                continue
            if form in _CLAUSE_END or lemma in self.cues_["clause_break"]:
                negated_until = -1
                i += 1
                continue
            n = self._match(tokens, i, "conditional")
            if n:
                found["conditional"].append(" ".join(f for f, _ in tokens[i:i + n]))
                i += n
                continue
            if lemma in self.cues_["if"] or form in self.cues_["if"]:
                if sentence_polar:
                    found["conditional"].append(form)
                i += 1
                continue
            polar = None
            for kind in ("negative", "positive", "negatable"):
                n = self._match(tokens, i, kind)
                if n:
                    polar = kind
                    break
            if polar is not None:
                words = " ".join(f for f, _ in tokens[i:i + n])
                negated = i <= negated_until and not (polar == "negative" and " " in words)
                if negated:
                    flipped = "positive" if polar == "negative" else "negative"
                    found[flipped].append(f"{negator} + {words}")
                    sentence_polar = True
                elif polar != "negatable":
                    found[polar].append(words)
                    sentence_polar = True
                if tokens[i][1] in self.cues_["negation"] or tokens[i][0] in self.cues_["negation"]:
                    # "ei kovin tärkeää", "not really important": the phrase negates what follows
                    negated_until, negator = self._scope_end(tokens, i + n - 1), words
                i += n
                continue
            if lemma in self.cues_["negation"] or form in self.cues_["negation"]:
                negated_until, negator = self._scope_end(tokens, i), form
            i += 1
        return found

    def cue_stance(self, text: str) -> str | None:
        """The stance the cues give, or ``None`` when there is no cue."""
        return self._verdict(self.cues(text))

    @staticmethod
    def _verdict(found: dict[str, list[str]]) -> str | None:
        pos, neg, cond = (bool(found[k]) for k in ("positive", "negative", "conditional"))
        if (pos and neg) or (cond and (pos or neg)):
            return "mixed"
        if cond and any(c not in _CONTRAST_ONLY for c in found["conditional"]):
            return "mixed"
        return "positive" if pos else "negative" if neg else None

    # -- classifier ----------------------------------------------------------------------------
    def _cue_matrix(self, texts) -> np.ndarray:
        """Cue features of each text: capped counts of positive, negative and conditional cues
        and the cue verdict one-hot (positive, negative, mixed, none)."""
        rows = []
        for text in texts:
            found = self.cues(text)
            verdict = self._verdict(found)
            rows.append([min(len(found["positive"]), 3) / 3, min(len(found["negative"]), 3) / 3,
                         min(len(found["conditional"]), 2) / 2, verdict == "positive",
                         verdict == "negative", verdict == "mixed", verdict is None])
        return np.asarray(rows, float).reshape(len(rows), 7)

    def _design(self, frame: pd.DataFrame, codes) -> sp.csr_matrix:
        """Words, cues and code: TF-IDF of the coded text, its cue features (× ``cue_weight``)
        and the code one-hot (× ``code_weight``; codes unseen in training are all-zero)."""
        code_cols = np.zeros((len(frame), len(self.codes_)))
        for i, code in enumerate(codes):
            if code in self.codes_:
                code_cols[i, self.codes_.index(code)] = 1.0
        return sp.hstack([self.features_.transform(frame),
                          sp.csr_matrix(self._cue_matrix(frame["text"]) * self.cue_weight),
                          sp.csr_matrix(code_cols * self.code_weight)], "csr")

    def fit(self, codings: pd.DataFrame, corpus) -> "StanceSuggester":
        """Train the classifier on codings that have a stance (when there are enough)."""
        known = codings.dropna(subset=["stance", "passage_id"])
        known = known[known["stance"].isin(STANCES)]
        self.n_training_ = len(known)
        self.model_ = None
        if len(known) < self.min_training or known["stance"].nunique() < 2:
            return self
        frame = coded_text_frame(known, corpus)
        self.codes_ = sorted(set(known["code"]))
        self.features_ = passage_features(corpus.language, char_weight=self.char_weight,
                                          question_weight=0.0).fit(frame)
        self.model_ = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                         max_iter=2000).fit(
            self._design(frame, known["code"]), known["stance"].to_numpy())
        return self

    def predict(self, codings: pd.DataFrame, corpus) -> pd.Series:
        """A stance (or ``None``) for every coding row, index aligned with ``codings``: the
        classifier's when it is trained, else the cues' verdict."""
        if codings.empty:
            return pd.Series([], index=codings.index, dtype=object)
        frame = coded_text_frame(codings, corpus)
        if getattr(self, "model_", None) is None:
            return pd.Series([self.cue_stance(t) for t in frame["text"]], index=codings.index,
                             dtype=object)
        return pd.Series(self.model_.predict(self._design(frame, codings["code"])),
                         index=codings.index, dtype=object)

    def transform(self, codings: pd.DataFrame, corpus) -> pd.DataFrame:
        """``codings`` with ``stance`` filled in where it is empty (given stances are kept)."""
        out = codings.copy()
        empty = out["stance"].isna()
        if empty.any():
            out.loc[empty, "stance"] = self.predict(out[empty], corpus)
        return out


def coded_text_frame(codings: pd.DataFrame, corpus) -> pd.DataFrame:
    """For each coding: the text of its span inside its passage (the whole passage when the
    span covers it), with its lemmas — the input of :class:`StanceSuggester`."""
    passages = corpus.passages.set_index("passage_id")
    texts, lemmas = [], []
    for row in codings.itertuples(index=False):
        p = passages.loc[row.passage_id]
        start, end = max(int(row.start), int(p["start"])), min(int(row.end), int(p["end"]))
        if end <= start:
            start, end = int(p["start"]), int(p["end"])
        texts.append(corpus.texts[p["document"]][start:end])
        lemmas.append(span_lemmas(corpus, p["document"], start, end))
    return pd.DataFrame({"text": texts, "lemmas": lemmas}, index=codings.index)


def suggest_stances(codings: pd.DataFrame, corpus, training: pd.DataFrame | None = None,
                    lang: str | None = None, **params) -> pd.DataFrame:
    """Fill empty stances in ``codings`` with suggestions.

    ``training`` are codings with the researcher's stances to train the classifier on
    (default: the rows of ``codings`` that already have a stance).
    """
    suggester = StanceSuggester(lang or corpus.language, **params)
    suggester.fit(codings if training is None else training, corpus)
    return suggester.transform(codings, corpus)


def stance_accuracy(predicted, reference) -> float:
    """Share of codings with a reference stance whose predicted stance equals it (a missing
    suggestion counts as wrong)."""
    predicted, reference = pd.Series(predicted), pd.Series(reference)
    known = reference.isin(STANCES)
    if not known.any():
        return float("nan")
    return float((predicted[known] == reference[known]).mean())


def _balanced_accuracy(predicted: pd.Series, reference: pd.Series) -> float:
    """Mean recall over the stances present in ``reference``."""
    return float(np.mean([(predicted[reference == s] == s).mean()
                          for s in STANCES if (reference == s).any()]))


def stance_cross_validate(reference: pd.DataFrame, corpus, folds: int = 99, **params) -> dict:
    """Stance accuracy on the codings that have a stance: the cues alone (no training, so on all
    of them), the classifier alone and cues + classifier, both leave-one-case-out.

    Returns ``n``, ``accuracy_cues`` and ``coverage_cues`` (share with any cue verdict),
    ``accuracy_classifier`` (words and code, no cue features), ``accuracy_blend`` (the
    suggester as used: words, cues and code), ``accuracy_majority`` (always the most frequent
    stance, for comparison), ``balanced_accuracy_blend`` and the stance ``distribution``; an
    empty dict when the coder gave no stances.
    """
    known = reference.dropna(subset=["passage_id"])
    known = known[known["stance"].isin(STANCES)].drop_duplicates(
        ["passage_id", "code", "start", "end"])
    if known.empty:
        return {}
    lang = corpus.language
    suggester = StanceSuggester(lang, **params)
    frame = coded_text_frame(known, corpus)
    cue = pd.Series([suggester.cue_stance(t) for t in frame["text"]], index=known.index)
    truth = known["stance"]
    blend = pd.Series(cue.copy(), dtype=object)
    alone = pd.Series(None, index=known.index, dtype=object)
    for train, test in case_splits(known["case"].astype(str).to_numpy(), folds):
        fold = StanceSuggester(lang, **params).fit(known.iloc[train], corpus)
        if fold.model_ is None:
            continue
        blend.iloc[test] = fold.predict(known.iloc[test], corpus).to_numpy()
        words = StanceSuggester(lang, **{**params, "cue_weight": 0.0}).fit(known.iloc[train],
                                                                           corpus)
        alone.iloc[test] = words.predict(known.iloc[test], corpus).to_numpy()
    majority = truth.value_counts().index[0]
    return {"n": int(len(known)), "accuracy_cues": stance_accuracy(cue, truth),
            "coverage_cues": float(cue.notna().mean()),
            "accuracy_classifier": stance_accuracy(alone, truth),
            "accuracy_blend": stance_accuracy(blend, truth),
            "accuracy_majority": stance_accuracy(pd.Series(majority, index=truth.index), truth),
            "balanced_accuracy_blend": _balanced_accuracy(blend, truth),
            "distribution": truth.value_counts().to_dict()}
