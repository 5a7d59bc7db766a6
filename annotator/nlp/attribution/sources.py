"""Find the local source mention of a verbal cue: the speaker as it stands in the sentence.

The subject of the cue verb ("He noted"), the agent of a passive ("was reported by Reuters"),
a subject the parser left after the verb ("…,” said Marsh), or, for a participle or a
coordinated verb without a subject of its own ("…, warning that"), the subject of the clause
it hangs from. An expletive "it" ("it was reported") is no source; a relative pronoun stays
as it is ("leaders who say"): the source is the local mention, resolution comes later.
A news dateline ("PORTO, Portugal —", "OSLO (Reuters) -") is never the speaker, though the
parser often makes it the subject: the speaker is the one named after its dash, or nobody.
Nor is a line of another paragraph, such as a headline the parser ran into the lead: the
speaker is the one named before the cue in its own paragraph, or nobody.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: Links along which a verb without a subject shares the subject of its head.
SHARED_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "acomp"})
#: Dependencies the parser gives to a subject standing after its verb ("said Marsh").
INVERTED_SUBJECT_DEPS = frozenset({"nsubj", "advmod", "dobj", "npadvmod", "attr", "appos"})
NOMINAL_POS = frozenset({"PROPN", "NOUN", "PRON"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
#: "said Tuesday": a date after the verb is when, not who.
TIME_ENTITIES = frozenset({"DATE", "TIME"})
EXPLETIVES = frozenset({"it", "there"})
#: Verbs whose subject "it" stands for nobody ("it seems that", "it turns out that").
IMPERSONAL_VERBS = frozenset({"seem", "appear", "happen", "turn", "emerge", "be"})
#: Branches cut from a source phrase: they describe the speaker rather than name it.
#: (Appositives and relative clauses stay: news annotators keep them in the source.)
SOURCE_CUT_DEPS = frozenset({"advcl"})
#: Tokens a source never runs on to, even when written without a space before them.
UNATTACHED = frozenset({",", ";", ":", "—", "–", "“", "”", '"'})
DASHES = frozenset({"—", "–", "--"})
OPENING_QUOTES = frozenset({"“", "‘", "«"})
#: Single quotes that close a possessive ("Harkness’ campaign manager"), not a quotation.
APOSTROPHES = frozenset({"’", "'"})
#: How far up the tree a participle may look for its subject.
MAX_CLIMB = 5


def find_source_head(
    cue: Token, is_cue: Callable[[Token], bool], is_document: Callable[[Token], bool]
) -> Token | None:
    """The head token of the speaker of `cue`, or None when the sentence names none.

    `is_cue` tells other cue verbs (a participle shares the subject of the cue it follows:
    "…, he said, adding that …"); `is_document` tells nouns such as "statement" whose issuer
    speaks ("Hamas issued a statement saying …"). A news dateline is never the speaker.
    """
    head = _grammatical_source_head(cue, is_cue, is_document)
    if head is not None:
        head = _in_cue_paragraph(head, cue)
    if head is None:
        return None
    dateline = find_dateline(head)
    if dateline is None or head.i > dateline[1]:
        return head
    return _speaker_after_dateline(head, *dateline)


def _in_cue_paragraph(head: Token, cue: Token) -> Token | None:
    """`head`, or when a line break parts it from `cue` the speaker the parser hung on it
    from the cue's own paragraph; None when that paragraph names nobody before the cue.

    The parser runs a headline without a full stop into the lead ("Bridge to reopen\n\nNATO
    officials said …"): it makes the headline the subject and hangs the real speaker on it
    as an object, or gives the verb a second subject. A fact-checker wants that speaker, and
    no source rather than a headline.
    """
    doc = cue.doc
    low, high = sorted((head.i, cue.i))
    breaks = [i for i in range(low + 1, high) if _breaks_line(doc[i])]
    if not breaks:
        return head
    start = breaks[-1] + 1 if head.i < cue.i else _paragraph_start(doc, cue.i)
    # The words before the cue that the parser hung on something outside them (or on
    # nothing: the sentence root): the speaker is the last of these that is a noun ("NATO
    # officials", "The FBI"), or the subject of a verb among them ("“…,” Ana Ruiz replied,
    # before adding that …", where the participle climbed to the headline's subject).
    speakers = []
    for i in range(start, cue.i):
        root = doc[i]
        if root.head.i != i and start <= root.head.i < cue.i:
            continue
        if root.pos_ in NOMINAL_POS and root.ent_type_ not in TIME_ENTITIES:
            speakers.append(root)
        elif root.pos_ in ("VERB", "AUX"):
            speakers += [c for c in root.children if c.dep_ in SUBJECT_DEPS and c.i >= start]
    return max(speakers, key=lambda t: t.i) if speakers else None


def _paragraph_start(doc, i: int) -> int:
    while i > 0 and not _breaks_line(doc[i - 1]):
        i -= 1
    return i


def _grammatical_source_head(
    cue: Token, is_cue: Callable[[Token], bool], is_document: Callable[[Token], bool]
) -> Token | None:
    inverted = _inverted_subject(cue)
    if inverted is not None:
        return inverted
    if _is_bare_passive_participle(cue):
        return _agent_of(cue)  # "when asked about", "projected to": nobody named
    verb = cue
    for _ in range(MAX_CLIMB):
        decided, subject = _subject_of(verb, passive_ok=verb is not cue)
        if decided:
            return subject
        if verb.dep_ == "acl":
            return _participle_of_noun(verb, is_document)
        if verb.dep_ not in SHARED_SUBJECT_DEPS or verb.head.i == verb.i:
            return None
        verb = _climb(verb, is_cue)
    return None


#: A dateline's place has at most this many words, its parts after commas at most
#: MAX_DATELINE_PARTS of MAX_PART_TOKENS tokens each, and the whole at most
#: MAX_DATELINE_TOKENS tokens.
MAX_PLACE_WORDS = 4
MAX_DATELINE_PARTS = 2
MAX_PART_TOKENS = 3
MAX_DATELINE_TOKENS = 16


def find_dateline(token: Token) -> tuple[int, int] | None:
    """The first token and the closing dash of a dateline opening `token`'s line, or None.

    A dateline is a place in capitals ("MYRTLE BEACH", "ST. LOUIS"), then perhaps a state,
    country or date after commas (", S.C.", ", July 19"), a wire agency in brackets
    ("(Reuters)"), and a dash; a place in title case counts only with an agency in capitals
    ("Philadelphia (AFP) –"), so that "Sen. Jane Doe (D-Vt.) — …" stays a speaker. The
    parser reads the place as a subject ("PORTO, Portugal — Ana Ruiz said …") and hangs the
    speaker on it as an appositive or gives the verb a second subject.
    """
    doc = token.doc
    start = token.i
    while start > 0 and token.i - start < MAX_DATELINE_TOKENS and not _breaks_line(doc[start - 1]):
        start -= 1
    if start > 0 and not _breaks_line(doc[start - 1]):
        return None  # too far from the line start to be in a dateline
    i = _after_words(doc, start, _is_capitals)
    if i > start:
        for _ in range(MAX_DATELINE_PARTS):  # ", S.C.", ", July 19"
            if i < len(doc) and doc[i].text == ",":
                i = _after_part(doc, i + 1)
        if _is_agency(doc, i):
            i += 3
    else:
        i = _after_words(doc, start, lambda t: t.is_title)
        i = i + 3 if i > start and _is_agency(doc, i, capitals_only=True) else len(doc)
    return (start, i) if i < len(doc) and _is_dash(doc[i]) else None


def _after_words(doc, start: int, is_place_word: Callable[[Token], bool]) -> int:
    i = start
    while i < len(doc) and i - start < MAX_PLACE_WORDS and is_place_word(doc[i]):
        i += 1
    return i


def _after_part(doc, i: int) -> int:
    """Past a capitalised state, country or date after a dateline's comma ("S.C.", "July 19")."""
    start = i
    while (
        i < len(doc)
        and i - start < MAX_PART_TOKENS
        and (doc[i].is_title or doc[i].is_upper or (doc[i].like_num and i > start))
    ):
        i += 1
    return i if i > start else len(doc)


def _is_agency(doc, i: int, *, capitals_only: bool = False) -> bool:
    """ "(Reuters)", "(AP)" at token `i`: one word in brackets (in capitals if asked)."""
    if i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
        return False
    word = doc[i + 1]
    return len(word) > 1 and (_is_capitals(word) if capitals_only else word.is_alpha)


def _is_capitals(token: Token) -> bool:
    return token.is_upper and any(c.isalpha() for c in token.text)


def _breaks_line(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def _speaker_after_dateline(place: Token, start: int, dash: int) -> Token | None:
    """The speaker the parser hung on a word of the dateline: an appositive after the dash
    ("CLEVELAND (UPI) — Mayor Vale told …"), or a second subject of the verb ("OSLO — Ana
    Ruiz said …"); None when nobody is named after the dash."""
    doc = place.doc
    candidates = [
        child
        for word in doc[start:dash]
        for child in word.children
        if child.dep_ in ("appos", "conj")
    ]
    candidates += [c for c in place.head.children if c.dep_ == place.dep_ and c.i != place.i]
    return next((c for c in candidates if c.i > dash), None)


def source_token_range(head: Token, cue: Token) -> tuple[int, int]:
    """Token range `[start, end)` of the source phrase headed by `head`, never reaching the cue.

    The noun phrase with its modifiers, appositives included ("Ana Ruiz of the Leeds
    Gazette", "Ms. Marsh, who had addressed the council"), without adverbial clauses.
    """
    start, end = head.left_edge.i, head.right_edge.i + 1
    for child in head.rights:
        if child.dep_ in SOURCE_CUT_DEPS or _is_time_phrase(child):
            end = min(end, child.left_edge.i)
    end = _before_dashed_relative_clause(head, end)
    if start <= cue.i < end:
        end = min(end, cue.i) if cue.i > head.i else end
        start = max(start, cue.i + 1) if cue.i < head.i else start
    start, end = _outside_quotes_and_paragraphs(head, start, end)
    start, end = _trim(head, start, end)
    return start, _whole_word_end(head, start, end, cue)


def _before_dashed_relative_clause(head: Token, end: int) -> int:
    """ "Sen. Jane Doe (D-Vt.) — who chairs the panel — said": a relative clause set off by
    dashes ends the source. Annotators keep one set off by commas ("Ms. Marsh, who had
    addressed the council") and an appositive or list between dashes ("Ana Ruiz — a teacher
    —"), but mostly leave a dashed relative clause out (PolNeAR train: 8 of 10)."""
    doc = head.doc
    for i in range(head.i + 1, end - 1):
        if _is_dash(doc[i]) and any(  # "— who chairs", "— whose husband signed"
            a.dep_ == "relcl" and a.left_edge.i == i + 1 for a in doc[i + 1].ancestors
        ):
            return i
    return end


def _is_time_phrase(child: Token) -> bool:
    """ "Donald Trump on Friday said": when, not who."""
    return child.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.ent_type_ in TIME_ENTITIES for c in child.children
    )


def _whole_word_end(head: Token, start: int, end: int, cue: Token) -> int:
    """A source with an open bracket runs on to its close ("Sen. Jane Doe (D-Vt.)")."""
    doc = head.doc
    open_brackets = sum(t.text == "(" for t in doc[start:end]) - sum(
        t.text == ")" for t in doc[start:end]
    )
    while open_brackets > 0 and end < len(doc) and end != cue.i and not doc[end - 1].whitespace_:
        if not doc[end].is_punct or doc[end].text in UNATTACHED:
            break
        open_brackets -= doc[end].text == ")"
        end += 1
    return end


def _outside_quotes_and_paragraphs(head: Token, start: int, end: int) -> tuple[int, int]:
    """A source never reaches over a line break or a quotation mark around its head."""
    doc = head.doc
    i = head.i - 1
    while i >= start:
        # A comma on the left ends an introductory phrase the parser hung on the subject
        # ("Walking into the hall, Marsh …").
        if doc[i].is_quote and not _possessive(doc[i]):
            opening = _quoted_title_start(doc, i, start)
            if opening is not None:  # "the “Avatar” star": a quoted title inside the name
                i = opening - 1
                continue
        if (
            (doc[i].is_space and "\n" in doc[i].text)
            or (doc[i].is_quote and not _possessive(doc[i]))
            or doc[i].text == ","
        ):
            start = i + 1
            break
        if _is_dash(doc[i]):  # "WASHINGTON (AP) — Sen. Jane Doe said": the dateline ends
            start = i + 1
            break
        i -= 1
    for i in range(head.i + 1, end):
        if (doc[i].is_space and "\n" in doc[i].text) or (
            doc[i].is_quote and not _possessive(doc[i])
        ):
            end = i
            break
    return start, end


#: A quoted title inside a source name is at most this many tokens long.
MAX_TITLE_TOKENS = 6


def _quoted_title_start(doc, closing: int, start: int) -> int | None:
    """The opening mark of a short quoted title closed at `closing` (a closing mark glued
    to the word before it), within `[start, closing)`; None when there is none."""
    if closing == 0 or doc[closing - 1].whitespace_ or doc[closing - 1].is_quote:
        return None
    for i in range(closing - 1, max(start, closing - MAX_TITLE_TOKENS - 1) - 1, -1):
        if doc[i].is_quote:
            return i if doc[i].text in OPENING_QUOTES or doc[i].text == doc[closing].text else None
    return None


def _is_dash(token: Token) -> bool:
    """A dash between words: an em or en dash, or a hyphen standing apart (" - ")."""
    if token.text in DASHES:
        return True
    before = token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
    return token.text == "-" and before and bool(token.whitespace_)


def _possessive(token: Token) -> bool:
    """ "Harkness’ campaign": an apostrophe right after a word, followed by a space."""
    doc = token.doc
    return (
        token.text in APOSTROPHES
        and token.i > 0
        and not doc[token.i - 1].whitespace_
        and bool(token.whitespace_)
    )


def _trim(head: Token, start: int, end: int) -> tuple[int, int]:
    """Punctuation and space off both ends. (A closing bracket trimmed here comes back in
    `_whole_word_end`: "Sen. Jane Doe (D-Vt.)".)"""
    doc = head.doc
    while end > head.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _climb(verb: Token, is_cue: Callable[[Token], bool]) -> Token:
    # A participle set off by a comma shares the subject of the cue it follows, even when
    # the parser hangs it inside that cue's content ("told X that …, adding, …").
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        ancestor = verb.head
        for _ in range(MAX_CLIMB):
            if is_cue(ancestor) and ancestor is not verb:
                return ancestor
            if ancestor.head.i == ancestor.i:
                break
            ancestor = ancestor.head
    return verb.head


def _is_bare_passive_participle(verb: Token) -> bool:
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "acl", "xcomp", "conj")
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)
    )


def _participle_of_noun(verb: Token, is_document: Callable[[Token], bool]) -> Token | None:
    noun = verb.head
    if is_document(noun) and noun.dep_ == "dobj":
        decided, subject = _subject_of(noun.head, passive_ok=True)
        return subject if decided else noun
    return noun if noun.pos_ in NOMINAL_POS else None


def _inverted_subject(cue: Token) -> Token | None:
    """ "“…,” said Marsh": a noun right after a finite cue set off by a quote or a comma."""
    doc = cue.doc
    if cue.tag_ not in FINITE_TAGS or cue.i == 0 or cue.i + 1 >= len(doc):
        return None
    before = doc[cue.i - 1]
    if not (before.is_punct or before.is_quote) or any(
        c.dep_ in SUBJECT_DEPS for c in cue.children
    ):
        return None
    for child in cue.rights:
        nominal = child.dep_ in INVERTED_SUBJECT_DEPS and child.pos_ in NOMINAL_POS
        if nominal and child.left_edge.i == cue.i + 1 and child.ent_type_ not in TIME_ENTITIES:
            return child
    return None


def _subject_of(verb: Token, *, passive_ok: bool) -> tuple[bool, Token | None]:
    """Whether the verb decides its own speaker, and who that is (None: nobody named)."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in EXPLETIVES and verb.lemma_.lower() in IMPERSONAL_VERBS:
                return True, None  # "it seems that …"; "It said …" is a company speaking
            return True, child
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            if passive_ok and child.lower_ not in EXPLETIVES:
                return True, child
            return True, _agent_of(verb)
    agent = _agent_of(verb)
    return agent is not None, agent


def _agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _has_clause(verb: Token) -> bool:
    return any(c.dep_ == "ccomp" for c in verb.children)
