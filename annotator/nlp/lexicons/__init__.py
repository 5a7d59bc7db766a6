"""The lexicons of the pre-annotator: data files a user can extend, read by one loader.

`files` reads and writes every lexicon file; `attribution` holds the cue lexicons of the
attribution component, `speakers` the speaker and anonymity lexicons.
"""
