"""The demo corpus: the articles a new user sees first (shipped as annotator.seeds)."""
