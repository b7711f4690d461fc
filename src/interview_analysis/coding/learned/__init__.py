"""The parts of the learned coders: training data, folds, codebook seeds, the two model stages,
the baselines every model is reported against, and what a cross-validation says."""
from .baselines import PriorCoder, TfidfCoder
from .folds import Folds, make_folds
from .seeds import codebook_seeds

__all__ = ["Folds", "PriorCoder", "TfidfCoder", "codebook_seeds", "make_folds"]
