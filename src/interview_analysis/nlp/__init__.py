"""Language processing without downloads: tokens, lemmas, compounds, sentences."""
