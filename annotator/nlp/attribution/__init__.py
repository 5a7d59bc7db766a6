"""The `annotator_attribution` component: who said what, found in the parse.

`component` is the spaCy component; it finds cues (`cues`), quotation marks (`quotes`),
each cue's speaker (`sources`) and content (`content`), attributions by a noun
(`nominal`) or a colon (`colons`), leaves out clauses that give a source's reason for
anonymity (`reason_clauses`), and numbers and nests the statements (`statements`).
"""
