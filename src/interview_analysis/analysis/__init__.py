"""Analysis tables a results chapter is written from: matrices, agreement, reliability, saturation.

Every function takes long-format codings (one row per coding and passage) and the corpus, and
returns a tidy DataFrame, so the same call works in a notebook and behind the CLI.
"""
from .agreement import (Thresholds, agreement_table, case_stances, count_phrase,
                        describe_agreement, number_word)
from .cooccurrence import cooccurrence, cooccurrence_matrix
from .groups import group_comparison
from .matrix import by_attribute, case_code_matrix, framework_matrix
from .quotes import best_quotes
from .saturation import (bootstrap_saturation, curve_from_sets, francis_stopping,
                         guest_saturation, saturation_curve)

__all__ = ["Thresholds", "agreement_table", "best_quotes", "bootstrap_saturation",
           "by_attribute", "case_code_matrix", "case_stances", "cooccurrence",
           "cooccurrence_matrix", "count_phrase", "curve_from_sets", "describe_agreement",
           "francis_stopping", "framework_matrix", "group_comparison", "guest_saturation",
           "number_word", "saturation_curve"]
