"""The `annotator_speakers` component: who each statement's speaker is.

`component` is the spaCy component; it reads each local source mention (`mentions`),
groups the mentions of one speaker (`resolution`), builds the sources (`sources`), tells
named, anonymous and vague apart (`anonymity`) and links the reasons the text gives for
anonymity (`reasons`).
"""
