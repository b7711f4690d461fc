"""Analysis tables a results chapter is written from: matrices, agreement, reliability, saturation.

Every function takes long-format codings (one row per coding and passage), the corpus and,
where order, labels or themes matter, the codebook — ``f(codings, corpus, codebook, ...)`` —
and returns a tidy DataFrame, so the same call works in a notebook and behind the CLI. No
function here returns prose: the words are the report's (:mod:`interview_analysis.report`).
"""
from ..base.lazy import lazy_exports

# Imported at once: the function has its module's name, which a lazy name would lose to the
# module as soon as anything imports ``analysis.cooccurrence``.
from .cooccurrence import cooccurrence, cooccurrence_matrix

# Each name is imported from its module on first use: a command that needs the agreement table
# does not load scipy.stats for the group comparison (see :mod:`..base.lazy`).
__getattr__, __dir__ = lazy_exports(__name__, {
    "agreement": ["Thresholds", "agreement_table", "case_stances", "combine_stances",
                  "consensus"],
    "framework": ["framework_matrix"],
    "groups": ["group_comparison"],
    "matrix": ["by_attribute", "case_code_matrix"],
    "evidence": ["evidence_quotes", "quotations"],
    "quotes": ["best_quotes", "pick_quotes"],
    "reliability": ["disagreements", "reliability_table", "unit_table"],
    "reliability_stats": ["cohen_kappa", "fleiss_kappa", "krippendorff_alpha",
                          "percent_agreement"],
    "saturation": ["bootstrap_saturation", "curve_from_sets", "francis_stopping",
                   "guest_saturation", "saturation_curve"],
})

__all__ = ["Thresholds", "agreement_table", "best_quotes", "bootstrap_saturation",
           "by_attribute", "case_code_matrix", "case_stances", "cohen_kappa", "combine_stances",
           "consensus", "cooccurrence", "cooccurrence_matrix", "curve_from_sets",
           "disagreements", "evidence_quotes", "fleiss_kappa", "francis_stopping", "framework_matrix",
           "group_comparison", "guest_saturation", "krippendorff_alpha", "percent_agreement",
           "pick_quotes", "quotations", "reliability_table", "saturation_curve", "unit_table"]
