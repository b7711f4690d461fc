"""Analysis tables a results chapter is written from: matrices, agreement, reliability, saturation.

Every function takes long-format codings (one row per coding and passage), the corpus and,
where order, labels or themes matter, the codebook — ``f(codings, corpus, codebook, ...)`` —
and returns a tidy DataFrame, so the same call works in a notebook and behind the CLI. No
function here returns prose: the words are the report's (:mod:`interview_analysis.report`).
"""
from .agreement import (
                         Thresholds,
                         agreement_table,
                         case_stances,
                         combine_stances,
                         consensus,
)
from .cooccurrence import cooccurrence, cooccurrence_matrix
from .framework import framework_matrix
from .groups import group_comparison
from .matrix import by_attribute, case_code_matrix
from .evidence import evidence_quotes, quotations
from .quotes import best_quotes, pick_quotes
from .reliability import disagreements, reliability_table, unit_table
from .reliability_stats import (
                         cohen_kappa,
                         fleiss_kappa,
                         krippendorff_alpha,
                         percent_agreement,
)
from .saturation import (
                         bootstrap_saturation,
                         curve_from_sets,
                         francis_stopping,
                         guest_saturation,
                         saturation_curve,
)

__all__ = ["Thresholds", "agreement_table", "best_quotes", "bootstrap_saturation",
           "by_attribute", "case_code_matrix", "case_stances", "cohen_kappa", "combine_stances",
           "consensus", "cooccurrence", "cooccurrence_matrix", "curve_from_sets",
           "disagreements", "evidence_quotes", "fleiss_kappa", "francis_stopping", "framework_matrix",
           "group_comparison", "guest_saturation", "krippendorff_alpha", "percent_agreement",
           "pick_quotes", "quotations", "reliability_table", "saturation_curve", "unit_table"]
