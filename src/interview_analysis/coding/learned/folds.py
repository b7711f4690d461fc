"""Cross-validation folds that keep a case together, and what to do when there are few cases.

A model that has seen other passages of the same interview has learnt that speaker's words, so
the passages of one case are never split between training and testing. That needs cases: with
fewer than :data:`MIN_GROUPS` of them the folds fall back to documents, and with fewer documents
too to plain shuffled K-fold over passages. The fallback is reported, never silent.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupKFold, KFold

#: Fewest groups (cases, else documents) worth grouping the folds by.
MIN_GROUPS = 4


@dataclass
class Folds:
    """Train/test passage positions per fold, and how they were grouped.

    ``by`` is ``case``, ``document`` or ``passage``; ``groups`` the group of every passage
    (its case, its document or its own position); ``note`` says why when ``by`` is not
    ``case`` ("" otherwise).
    """

    splits: list[tuple[np.ndarray, np.ndarray]]
    by: str
    groups: np.ndarray
    note: str = ""


def _grouping(cases, documents, n: int) -> tuple[str, np.ndarray, str]:
    """Which grouping to use: ``(by, groups, note)``."""
    cases = np.asarray(cases, dtype=object).astype(str)
    n_cases = len(np.unique(cases))
    if n_cases >= MIN_GROUPS:
        return "case", cases, ""
    docs = None if documents is None else np.asarray(documents, dtype=object).astype(str)
    if docs is not None and len(np.unique(docs)) >= MIN_GROUPS:
        return "document", docs, (
            f"only {n_cases} case(s): folds are grouped by document instead of case")
    return "passage", np.arange(n).astype(str), (
        f"only {n_cases} case(s) and too few documents to group by: plain shuffled K-fold "
        "over passages (neighbouring passages of one document can be on both sides)")


def make_folds(cases, folds: int, documents=None, seed: int = 0) -> Folds:
    """Folds grouped by case, by document when there are fewer than :data:`MIN_GROUPS` cases,
    else plain shuffled ``KFold`` over passages (``seed``).

    With more folds than groups every group is one fold (leave-one-case-out). Fewer than two
    passages give no folds.
    """
    n = len(cases)
    by, groups, note = _grouping(cases, documents, n)
    if n < 2:
        return Folds([], by, groups, note)
    if by == "passage":
        splitter = KFold(n_splits=min(folds, n), shuffle=True, random_state=seed)
        return Folds(list(splitter.split(groups)), by, groups, note)
    k = min(folds, len(np.unique(groups)))
    return Folds(list(GroupKFold(n_splits=k).split(groups, groups=groups)), by, groups, note)
