"""Learned parts that work with the rules: they score and decide, the rules propose."""
