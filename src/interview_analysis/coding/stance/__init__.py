"""Automatic stance: is the interviewee for, against or in two minds about a coded topic?"""
from .cues import CueFinder, Judgement, judge, tokenize
from .detector import StanceDetector, detect_stances
from .learned import StanceSuggester, stance_accuracy, stance_cross_validate, suggest_stances
from .lexicon import Lexicon, load_lexicon

__all__ = ["CueFinder", "Judgement", "Lexicon", "StanceDetector", "StanceSuggester",
           "detect_stances", "judge", "load_lexicon",
           "stance_accuracy", "stance_cross_validate", "suggest_stances", "tokenize"]
