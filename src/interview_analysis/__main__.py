"""``python -m interview_analysis``: the command line."""
import sys

from .cli import main

sys.exit(main())
