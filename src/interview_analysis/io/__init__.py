"""Input and output: transcript readers, codings files, exchange formats."""
