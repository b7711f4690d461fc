"""Automatic stance: is the interviewee for, against or in two minds about a coded topic?"""
from ...base.lazy import lazy_exports

# Names are imported on first use: reading stances from cues never loads scikit-learn, which
# only the learned suggester (:mod:`.learned`) needs.
__getattr__, __dir__ = lazy_exports(__name__, {
    "cues": ["CueFinder", "Judgement", "judge", "tokenize"],
    "detector": ["StanceDetector", "detect_stances"],
    "learned": ["StanceSuggester", "stance_accuracy", "stance_cross_validate",
                "suggest_stances"],
    "lexicon": ["Lexicon", "load_lexicon"],
})

__all__ = ["CueFinder", "Judgement", "Lexicon", "StanceDetector", "StanceSuggester",
           "detect_stances", "judge", "load_lexicon",
           "stance_accuracy", "stance_cross_validate", "suggest_stances", "tokenize"]
