"""``python -m interview_analysis.cli``: the command line."""
import sys

from . import main

sys.exit(main())
