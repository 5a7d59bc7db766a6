"""Data files shipped with annotator: lexicons, label sets, stylesheets, icons."""
