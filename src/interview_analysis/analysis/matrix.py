"""Case × code matrices: presence, passage counts, shares of words, and the framework matrix.

Every table here counts **participant passages only**: codings on interviewer or observer turns
are left out, and codings with no passage ID (a span that covers only a speaker label) are
ignored. A manual span is repeated in the long codings for every passage it overlaps, so a
passage is counted once per code however many spans or coders put the code on it.

The framework matrix follows Gale et al. (2013): one row per case, one column per code, each
cell the evidence for that case and code — here the case's best quotation (see
:mod:`interview_analysis.analysis.quotes`), shortened to fit a table cell.

References
----------
Gale, N. K., Heath, G., Cameron, E., Rashid, S., & Redwood, S. (2013). Using the framework
method for the analysis of qualitative data in multi-disciplinary health research. *BMC Medical
Research Methodology*, 13, 117. https://doi.org/10.1186/1471-2288-13-117
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable

import pandas as pd

from ..corpus.corpus import Corpus
from ..errors import CodingsError, InterviewAnalysisError, StudyError, StudyWarning

VALUES = ("presence", "count", "share")
_FROM_CORPUS = ("case", "document", "text", "words", "order")


def require_columns(codings: pd.DataFrame, columns: Iterable[str]) -> None:
    """Raise :class:`CodingsError` naming the columns a codings table lacks."""
    missing = [c for c in columns if c not in codings.columns]
    if missing:
        raise CodingsError("the codings table is missing columns", value=missing,
                           fix="pass long-format codings, e.g. study.codings('coder') or "
                               "RuleCoder(codebook).transform(corpus)")


def case_order(corpus: Corpus) -> list[str]:
    """Cases that have participant passages, in the order of the cases table.

    These are the cases every analysis table counts: ``n_total`` in agreement, the rows of a
    matrix. Cases with only interviewer turns have nothing to analyse and are left out.
    """
    present = corpus.participant_passages["case"].unique().tolist()  # first-seen order
    known = set(present)
    listed = [c for c in corpus.cases.index if c in known]
    seen = set(listed)
    return listed + [c for c in present if c not in seen]


def _warn_pooled(coded: pd.DataFrame) -> None:
    if "coder" not in coded.columns:
        return
    coders = sorted(str(c) for c in coded["coder"].dropna().unique())
    if len(coders) > 1:
        warnings.warn(f"codings from {len(coders)} coders ({', '.join(coders)}) are pooled: a "
                      "case counts as coded if any coder coded it. Pass one coder's codings, "
                      f"e.g. codings[codings['coder'] == '{coders[0]}'], for one coder's view",
                      StudyWarning, stacklevel=3)


def participant_codings(codings: pd.DataFrame, corpus: Corpus,
                        columns: Iterable[str] = ("passage_id", "code"),
                        passage_columns: Iterable[str] = _FROM_CORPUS) -> pd.DataFrame:
    """Codings on participant passages, with the passage's ``case``, ``document``, ``words``
    and ``text`` (or only the ``passage_columns`` of these asked for: on hundreds of thousands
    of codings each passage's text copied to every coding of it takes gigabytes).

    Adds ``order`` (the passage's position in the corpus) for stable tie-breaking. Codings with
    no passage ID are dropped; codings on interviewer passages are dropped.

    Raises
    ------
    CodingsError
        When codings point at passages the corpus does not have — usually codings attached with
        another passage unit (sentence vs turn).
    """
    require_columns(codings, columns)
    coded = codings[codings["passage_id"].notna()]
    passages = corpus.passages.reset_index(drop=True)
    # Positions instead of a merge on string IDs: several times faster on large studies,
    # and the codings keep their order.
    at = pd.Index(passages["passage_id"]).get_indexer(coded["passage_id"])
    if (at < 0).any():
        stray = coded["passage_id"].to_numpy()[at < 0]
        raise CodingsError(f"{len(stray)} codings point at passages this corpus does not have",
                           value=sorted(set(stray))[:5],
                           fix="attach the codings to the same passages: "
                               f"study.codings(coder, unit='{corpus.unit}')")
    _warn_pooled(coded)
    on_participant = (passages["role"].to_numpy() == "participant")[at]
    at = at[on_participant]
    keep = coded.drop(columns=[c for c in _FROM_CORPUS if c in coded.columns])
    keep = keep[on_participant].reset_index(drop=True)
    wanted = set(passage_columns)
    taken = passages[[c for c in _FROM_CORPUS if c != "order" and c in wanted]] \
        .take(at).reset_index(drop=True)
    return pd.concat([keep, taken.assign(order=at)], axis=1)


def code_columns(coded: pd.DataFrame, codes: Iterable[str] | None, codebook=None) -> list[str]:
    """The codes to report: ``codes`` as given; else every coded code, in codebook order when
    a codebook is given (codes it lacks after them), else sorted by ID."""
    if codes is not None:
        return list(dict.fromkeys(codes))
    used = set(coded["code"].dropna().unique().tolist())
    ordered = [c.id for c in codebook if c.id in used] if codebook is not None else []
    return ordered + sorted(used - set(ordered))


def _cells(units: pd.DataFrame, corpus: Corpus, value: str) -> pd.Series:
    if value == "share":
        words = units.groupby(["case", "code"])["words"].sum()
        total = corpus.participant_passages.groupby("case")["words"].sum()
        cases = words.index.get_level_values("case")
        return words / total.reindex(cases).replace(0, float("nan")).to_numpy()
    counts = units.groupby(["case", "code"]).size()
    return (counts > 0).astype(int) if value == "presence" else counts


def case_code_matrix(codings: pd.DataFrame, corpus: Corpus, codebook=None, *,
                     value: str = "presence", codes: Iterable[str] | None = None,
                     by: str | None = None) -> pd.DataFrame:
    """One row per case, one column per code.

    Parameters
    ----------
    codings:
        Long-format codings (``passage_id`` and ``code`` are used).
    corpus:
        The corpus the codings were attached to.
    codebook:
        Gives the column order (default: code IDs sorted).
    value:
        ``presence`` (1 when the case has at least one coded participant passage, else 0),
        ``count`` (number of coded participant passages) or ``share`` (words of the coded
        passages / the case's participant words).
    codes:
        Code IDs, in column order; default every coded code. Listed codes nobody used
        get a column of zeros, e.g. ``[c.id for c in codebook.leaves()]``.
    by:
        A case attribute: aggregate the rows by its values with :func:`by_attribute`
        (presence and count are summed, share is averaged over the group's cases).

    Returns
    -------
    pandas.DataFrame
        Index ``case`` (cases-table order), columns ``code``.

    Examples
    --------
    >>> case_code_matrix(codings, corpus, codebook, value="count")  # doctest: +SKIP
    """
    if value not in VALUES:
        raise InterviewAnalysisError("unknown matrix value", value=value,
                                     fix="use one of: " + ", ".join(VALUES))
    coded = participant_codings(codings, corpus)
    columns = code_columns(coded, codes, codebook)
    units = coded[coded["code"].isin(columns)].drop_duplicates(["case", "code", "passage_id"])
    index = pd.Index(case_order(corpus), name="case")
    cells = _cells(units, corpus, value)
    matrix = (cells.unstack("code") if len(cells) else pd.DataFrame())
    matrix = matrix.reindex(index=index, columns=columns).fillna(0)
    matrix.columns.name = "code"
    matrix = matrix.astype(float if value == "share" else int)
    if by is not None:
        return by_attribute(matrix, corpus.cases, by, how="mean" if value == "share" else "sum")
    return matrix


def attribute_values(cases: pd.DataFrame, attribute: str, index: Iterable[str]) -> pd.Series:
    """``cases[attribute]`` for the given cases, with an error a researcher can act on."""
    if attribute not in cases.columns:
        known = [c for c in cases.columns if c != "documents"]
        raise StudyError(f"the cases table has no attribute '{attribute}'", value=attribute,
                         fix="attributes in cases.csv: " + (", ".join(known) or "none") +
                             "; add the column or correct 'group:'/'order:' in study.yaml")
    return cases[attribute].reindex(list(index))


def by_attribute(matrix: pd.DataFrame, cases: pd.DataFrame, attribute: str,
                 how: str = "sum") -> pd.DataFrame:
    """Aggregate a case × code matrix to one row per value of a case attribute.

    Parameters
    ----------
    matrix:
        A case × code matrix from :func:`case_code_matrix`.
    cases:
        The cases table (``study.cases`` or ``corpus.cases``).
    attribute:
        Column of ``cases`` to group by, e.g. ``group`` or ``industry``.
    how:
        ``sum`` (a presence matrix becomes the number of cases coded per group) or ``mean``
        (a presence matrix becomes the share of the group's cases coded).

    Returns
    -------
    pandas.DataFrame
        Index named ``attribute`` in order of first appearance; cases with no value form the
        group ``(no value)``.
    """
    if how not in ("sum", "mean"):
        raise InterviewAnalysisError("unknown aggregation", value=how, fix="use sum or mean")
    values = attribute_values(cases, attribute, matrix.index)
    labels = values.astype(object).where(values.notna(), "(no value)").to_numpy()
    grouped = matrix.groupby(labels, sort=False)
    out = grouped.sum() if how == "sum" else grouped.mean()
    out.index.name = attribute
    return out


__all__ = ["VALUES", "attribute_values", "by_attribute", "case_code_matrix", "case_order",
           "code_columns", "participant_codings", "require_columns"]
