"""``interview-analysis sync``: a study's codings files and its project database in step."""
from __future__ import annotations

from typing import Iterable

from ..base.suggest import did_you_mean
from ..coding.codings import check_coder_name
from ..errors import UsageError
from .project import ProjectStore


def sync_study(study, coders: Iterable[str] | str | None = None, prefer: str | None = None,
               accept_changed: bool = False, reanchor: bool = False) -> list:
    """``interview-analysis sync``: sync the codings files of ``coders`` (default: every coder
    with a file) with the project database, in one transaction — a failure changes nothing.

    ``reanchor`` moves codings in transcripts edited since they were made to where their words
    are now (database and files); ``accept_changed`` keeps their offsets as they are. Returns
    what re-anchoring did (first, when anything moved) and one
    :class:`~interview_analysis.store.csvsync.SyncResult` per coder.
    """
    if isinstance(coders, str):
        coders = [c.strip() for c in coders.split(",")]
    coders = list(coders) if coders else study.coders()
    for coder in coders:
        check_coder_name(coder, UsageError, where="--coders")
    if reanchor and accept_changed:
        raise UsageError("--reanchor and --accept-changed exclude each other",
                         fix="--reanchor moves codings to where their words are now; "
                             "--accept-changed keeps their offsets as they are: choose one")
    with ProjectStore.open(study, accept_changed=accept_changed, refresh=False) as store:
        known = sorted(set(study.coders()) | set(store.coders()))
        unknown = [c for c in coders if c not in known]
        if unknown:
            raise UsageError("--coders names a coder with no codings file and nothing in the "
                             "project database", value=unknown,
                             fix=did_you_mean(unknown[0], known) + "coders: "
                                 + (", ".join(known) or "none yet (code first, e.g. in the "
                                                          "notebook coder)"))
        return store.sync_all(study, coders, prefer=prefer, accept_changed=accept_changed,
                              reanchor=reanchor)
