"""The `annotator_attribution` spaCy component: who said what, as `Doc._.statements`.

Rules over the dependency parse, driven by cue lexicons (data files under
`resources/lexicons/`, see `annotator.nlp.lexicons.attribution`):

- a reporting, cognition or stance verb, with its auxiliaries ("would not confirm"), and
  its clause ("stated that …"), the clause it interrupts ("…, he said." / "X, she said, Y"),
  or its object ("endorsed Clinton", "accused X of Y", "called for a ban", "apologized to X
  for Y", "calling for X to Y"), an indirect question ("Asked if …"), a condition the parser
  made a conjunct ("reported that X, but only if Y");
- participles sharing the subject of their clause ("…, warning that …"), passives with or
  without an agent ("it was reported that", "X is expected to win");
- "according to X", cue nouns ("Trump's claim that …"), headlines and transcript lines
  ("Doe: …", "HOST: …"), quotes signed with a dash ("“…” ― Jane Doe");
- quotes next to a cue, split by it or running on after it ("“…,” he said, “…”"), past a
  hearer ("telling reporters: “…”").

A clause that states why a source is not named ("who asked not to be named", "because he
was not authorised to discuss the matter") is no statement: the speaker component keeps it
as the source's reason for anonymity. Its frames are those of `anonymity_reasons.txt`.

Each statement gets the local source mention (or None), its cue, one or more content
fragments, a kind, the id of the statement whose content holds it (`parent`) and a
confidence in [0, 1]. Cues are found by `cues` (modules of this package), speakers by
`sources`, contents by `content`, quotes by `quotes`; `statements` numbers and nests the
result.

Needs a parser; on a Doc without one (`spacy.blank`) it finds nothing and says so by an
empty list, never an exception.
"""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from annotator.core.model import Statement
from annotator.nlp.attribution.colons import (
    colon_attributions,
    dash_attributions,
    headline_verb_attribution,
)
from annotator.nlp.attribution.content import (
    CharRange,
    QuoteIndex,
    according_to_ranges,
    char_range,
    content_ranges,
    is_infinitive,
    line_breaks,
    trim_range,
)
from annotator.nlp.attribution.cues import Cue, CueFinder, CueType, modifiers_start
from annotator.nlp.attribution.nominal import nominal_attributions
from annotator.nlp.attribution.quotes import Quote, find_quotes
from annotator.nlp.attribution.reason_clauses import cut_reasons, gives_a_reason, reason_clauses
from annotator.nlp.attribution.sources import find_source_head, source_token_range
from annotator.nlp.attribution.statements import Draft, finish_statements
from annotator.nlp.doc_text import text_of
from annotator.nlp.extensions import CONTINUES, STATEMENTS, register_extensions
from annotator.nlp.lexicons.attribution import Lexicons
from annotator.nlp.span_groups import write_span_groups
from annotator.nlp.speakers.anonymity import ReasonFinder

FACTORY = "annotator_attribution"


@Language.factory(
    FACTORY,
    assigns=[f"doc._.{STATEMENTS}"],
    requires=["token.dep", "token.lemma", "token.pos"],
    default_config={"lexicon_dir": None, "min_confidence": 0.0},
)
def make_attribution(
    nlp: Language, name: str, lexicon_dir: str | None, min_confidence: float
) -> "AttributionComponent":
    """Build the component; lexicons come from `lexicon_dir` or the shipped resources."""
    lexicons = Lexicons.load(Path(lexicon_dir) if lexicon_dir else None)
    return AttributionComponent(nlp.tokenizer, name, lexicons, min_confidence=min_confidence)


class AttributionComponent:
    """Finds attributed statements in a parsed Doc."""

    def __init__(
        self,
        tokenizer: Callable[[str], Doc],
        name: str,
        lexicons: Lexicons,
        *,
        min_confidence: float = 0.0,
    ) -> None:
        register_extensions()
        self.tokenizer = tokenizer
        self.name = name
        self.min_confidence = min_confidence
        self._use(lexicons)

    def _use(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        self.cue_finder = CueFinder(self.tokenizer, lexicons)
        self.reason_finder = ReasonFinder(lexicons.anonymity_reasons)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc) -> list[Statement]:
        """The statements of `doc`, ids in text order; empty when `doc` has no parse."""
        if len(doc) == 0 or not doc.has_annotation("DEP"):
            return []
        quotes = QuoteIndex(text_of(doc), find_quotes(text_of(doc)))
        breaks = line_breaks(doc)
        drafts: dict[int, Draft] = {}
        for cue in self.cue_finder.verb_cues(doc):
            lemma = cue.head.lemma_.lower()
            addressee = lemma in self.lexicons.addressee_verbs
            draft = verb_statement(
                cue,
                quotes,
                self.is_cue_verb,
                self.is_document_noun,
                addressee=addressee,
                clause_only=lemma in self.lexicons.clause_only_verbs,
                breaks=breaks,
                modal_governors=self.lexicons.modal_governors,
            )
            if draft is not None:
                drafts[cue.head.i] = draft
        for phrase in self.cue_finder.phrase_cues(doc):
            if phrase.type == CueType.ACCORDING_TO:
                draft = according_to_statement(phrase)
                if draft is not None:
                    drafts.setdefault(phrase.head.i, draft)
            else:
                extend_cue_with_phrase(drafts, phrase)
        for draft in nominal_statements(doc, self.lexicons.cue_nouns, quotes):
            drafts.setdefault(-draft.cue[0] - 1, draft)
        for draft in colon_statements(doc, breaks, self.lexicons.line_labels):
            drafts.setdefault(-draft.cue[0] - 1, draft)
        for draft in dash_statements(doc, quotes):
            drafts.setdefault(-draft.cue[0] - 1, draft)
        headline = None
        if not doc.user_data.get(CONTINUES):  # a chunk of a long text starts no headline
            headline = headline_statement(doc, breaks, self.is_verb_lemma)
        if headline is not None and not any(d.cue == headline.cue for d in drafts.values()):
            drafts.setdefault(-headline.cue[0] - 1, headline)
        kept = [d for d in drafts.values() if d.confidence >= self.min_confidence]
        reasons = reason_clauses(doc, self.reason_finder)
        if reasons:
            kept = [d for d in kept if not gives_a_reason(d, reasons, doc)]
            for draft in kept:
                cut_reasons(draft, reasons, text_of(doc), quotes)
            kept = [d for d in kept if d.content]
        return finish_statements(text_of(doc), kept, quotes)

    def is_cue_verb(self, token: Token) -> bool:
        """Whether `token` is a verb of one of the cue lexicons."""
        return self.cue_finder.verb_type(token) is not None

    def is_verb_lemma(self, lemma: str) -> bool:
        """Whether `lemma` is in one of the verb cue lexicons."""
        lexicons = self.lexicons
        return any(
            lemma in words
            for words in (lexicons.speech_verbs, lexicons.cognition_verbs, lexicons.attitude_verbs)
        )

    def is_document_noun(self, token: Token) -> bool:
        """Whether `token` is a noun such as "statement" that carries its issuer's words."""
        return token.lemma_.lower() in self.lexicons.cue_nouns

    def set_annotations(self, doc: Doc, statements: list[Statement]) -> None:
        doc._.set(STATEMENTS, statements)
        write_span_groups(doc, statements)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        self.lexicons.to_disk(path / "lexicons")
        config = {"min_confidence": self.min_confidence}
        (path / "config.json").write_text(json.dumps(config), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "AttributionComponent":
        path = Path(path)
        self._use(Lexicons.load(path / "lexicons"))
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.min_confidence = float(config.get("min_confidence", 0.0))
        return self


# ------------------------------------------------------------------------- statement rules

BASE_CONFIDENCE = {
    CueType.SPEECH_VERB: 0.75,
    CueType.COGNITION_VERB: 0.5,
    CueType.ATTITUDE_VERB: 0.4,
    CueType.CLAUSE_VERB: 0.3,
    CueType.RAISING_VERB: 0.3,
    CueType.ACCORDING_TO: 0.8,
    CueType.PHRASE: 0.6,
}
COLON_CONFIDENCE = 0.6
NOMINAL_CONFIDENCE = 0.3
#: A quoted statement runs on over at most this many quotes after its cue sentence.
MAX_FOLLOWING_QUOTES = 6
SOURCE_BONUS = 0.1
QUOTE_BONUS = 0.1


def verb_statement(
    cue: Cue,
    quotes: QuoteIndex,
    is_cue: Callable[[Token], bool],
    is_document: Callable[[Token], bool],
    *,
    addressee: bool = False,
    clause_only: bool = False,
    breaks: Sequence[int] = (),
    modal_governors: frozenset[str] = frozenset(),
) -> Draft | None:
    """A reporting verb with its speaker and its clause or adjacent quotes;
    `modal_governors` are the lemmas under which an infinitive cue says nothing."""
    doc = cue.head.doc
    cue_chars = char_range(doc, (cue.start, with_colon(doc, cue.end)))
    if quotes.is_quoted(cue_chars):
        return None  # a quoted speaker's own "I think": part of the quote, not a new source
    if is_infinitive(cue.head):
        # "to see if", "planned to endorse": the governing verb is the cue; a governor that
        # is no cue opens the cue instead ("went on to say", "are more likely to say").
        start = _governor_start(cue.head, is_cue, modal_governors)
        if start is None:
            return None
        cue = replace(cue, start=start)
        cue_chars = char_range(doc, (cue.start, with_colon(doc, cue.end)))
    ranges = content_ranges(
        cue, addressee=addressee, clause_only=clause_only, is_cue=is_cue, breaks=breaks
    )
    fragments = [quotes.grow(char_range(doc, r), cue_chars) for r in ranges]
    impersonal = _impersonal_subject(cue)
    if impersonal is not None:
        # "Pemberton is expected to win", "X seemed to waver": the subject is what is said.
        fragments.insert(0, char_range(doc, impersonal))
        source_head = None
    else:
        source_head = find_source_head(cue.head, is_cue, is_document)
    source = None
    if source_head is not None:
        source = char_range(doc, source_token_range(source_head, cue.head))
    if cue.type == CueType.SPEECH_VERB:
        clause_end = char_range(doc, trim_range(doc, (cue.head.i, cue.head.right_edge.i + 1)))[1]
        reach = (cue_chars[0], _hearer_end(cue, cue_chars[1])) if addressee else cue_chars
        fragments += adjacent_quotes(quotes, reach, source, fragments, clause_end)
    if not fragments:
        return None
    confidence = BASE_CONFIDENCE[cue.type] + (SOURCE_BONUS if source else 0.0)
    if any(quotes.overlapping(*f) for f in fragments):
        confidence += QUOTE_BONUS
    may_nest = cue.type == CueType.SPEECH_VERB
    return Draft(
        cue_chars, source, merge_fragments(fragments), min(confidence, 1.0), may_nest=may_nest
    )


def adjacent_quotes(
    quotes: QuoteIndex,
    cue: CharRange,
    source: CharRange | None,
    taken: list[CharRange],
    clause_end: int,
) -> list[CharRange]:
    """Quotes next to the cue clause and not yet content: before it ("“…,” he said"),
    after it ("he said, “…”", "he said: “…”") and, when the statement is a quote, the quote
    that follows in the same paragraph ("“…,” he said. “…”")."""
    left = min(cue[0], source[0]) if source else cue[0]
    right = max(cue[1], source[1]) if source else cue[1]
    found = []
    before = quotes.quote_before(left)
    # “….” Trump said.  — a full-stop quote counts when the cue has no other content.
    if before is not None and (not taken or _ends_mid_sentence(quotes.text, before)):
        found.append((before.start, before.end))
    after = quotes.quote_after(right)
    if after is not None and (found or not taken or _introduced(quotes.text, right, after.start)):
        found.append((after.start, after.end))
    elif not any(f[0] > cue[0] for f in taken):
        quoted = all(quotes.is_quoted(f) for f in [*taken, *found])
        follow = quotes.quote_following(max(right, clause_end)) if quoted else None
        while follow is not None and len(found) < MAX_FOLLOWING_QUOTES:
            found.append((follow.start, follow.end))
            follow = quotes.quote_following(follow.end)
    return [q for q in found if not any(_overlaps(q, t) for t in taken)]


def according_to_statement(phrase: Cue) -> Draft | None:
    """ "According to X, Y": X is the source, Y the content."""
    doc = phrase.head.doc
    content = according_to_ranges(phrase.head)
    if not content:
        return None
    to = doc[phrase.end - 1]
    objects = [c for c in to.children if c.dep_ == "pobj"]
    source = char_range(doc, source_token_range(objects[0], phrase.head)) if objects else None
    confidence = BASE_CONFIDENCE[CueType.ACCORDING_TO] + (SOURCE_BONUS if source else 0.0)
    start = phrase.start
    if start > 1 and doc[start - 1].lower_ in ("’s", "'s") and doc[start - 2].is_alpha:
        start -= 1  # "That’s according to X": annotators keep the copula with the phrase
        content = [(a, min(b, start)) if a < start else (a, b) for a, b in content]
    cue_chars = char_range(doc, (start, phrase.end))
    fragments = [char_range(doc, piece) for piece in content if piece[0] < piece[1]]
    return Draft(cue_chars, source, fragments, min(confidence, 1.0))


def nominal_statements(doc: Doc, cue_nouns: frozenset[str], quotes: QuoteIndex) -> Iterator[Draft]:
    """Cue nouns with their clause or topic ("Trump's claim that …", "support for the bill")."""
    for source, cue, content in nominal_attributions(doc, cue_nouns):
        if content[0] >= content[1]:
            continue
        cue_chars = char_range(doc, cue)
        if quotes.is_quoted(cue_chars):
            continue
        source_chars = char_range(doc, source) if source else None
        content_chars = quotes.grow(char_range(doc, content), cue_chars)
        confidence = NOMINAL_CONFIDENCE + (SOURCE_BONUS if source else 0.0)
        yield Draft(cue_chars, source_chars, [content_chars], confidence, may_nest=False)


def headline_statement(
    doc: Doc, breaks: Sequence[int], is_verb_lemma: Callable[[str], bool]
) -> Draft | None:
    """A title-case headline with a cue verb ("Obama Praises Clinton At Rally")."""
    found = headline_verb_attribution(doc, breaks, is_verb_lemma)
    if found is None:
        return None
    source, cue, content = found
    cue_chars = char_range(doc, (cue, cue + 1))
    return Draft(cue_chars, char_range(doc, source), [char_range(doc, content)], COLON_CONFIDENCE)


def colon_statements(
    doc: Doc, breaks: Sequence[int], labels: frozenset[str] = frozenset()
) -> Iterator[Draft]:
    """Lines that open with a name and a colon ("Jane Doe: I Will Not Run", "HOST: …")."""
    for source, colon, content in colon_attributions(doc, breaks, labels):
        cue = char_range(doc, (colon, colon + 1))
        yield Draft(cue, char_range(doc, source), [char_range(doc, content)], COLON_CONFIDENCE)


def dash_statements(doc: Doc, quotes: QuoteIndex) -> Iterator[Draft]:
    """Quotes signed with a dash and a name ("“…” ― Jane Doe")."""
    for source, dash, quote in dash_attributions(text_of(doc), quotes.quotes):
        yield Draft(dash, source, [quote], COLON_CONFIDENCE + QUOTE_BONUS)


def extend_cue_with_phrase(drafts: dict[int, Draft], phrase: Cue) -> None:
    """ "said in a statement": a cue phrase right after its verb belongs to the cue."""
    verb = phrase.head.head
    draft = drafts.get(verb.i)
    if draft is None or phrase.start == 0 or phrase.start - 1 != verb.i:
        return
    doc = phrase.head.doc
    end = char_range(doc, (phrase.start, with_colon(doc, phrase.end)))[1]
    draft.cue = (draft.cue[0], end)
    draft.confidence = min(draft.confidence + 0.05, 1.0)


def with_colon(doc: Doc, end: int) -> int:
    """The end of a cue, taking in the colon right after it ("He added: …"): annotators
    mark it as part of the cue (367 of 385 such cues in PolNeAR train)."""
    return end + 1 if end < len(doc) and doc[end].text == ":" else end


def merge_fragments(fragments: list[CharRange]) -> list[CharRange]:
    """Sorted fragments, overlapping ones merged."""
    merged: list[CharRange] = []
    for start, end in sorted(fragments):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _ends_mid_sentence(text: str, quote: Quote) -> bool:
    # “We will win,” he said.  — the comma inside the quote marks an attributed quote.
    inside = text[max(quote.end - 3, quote.start) : quote.end - 1]
    return bool(inside) and inside.rstrip()[-1:] in {",", "?", "!", "—", "–", "-"}


def _introduced(text: str, cue_end: int, quote_start: int) -> bool:
    return any(mark in text[cue_end:quote_start] for mark in ",:")


def _impersonal_subject(cue: Cue) -> tuple[int, int] | None:
    """The subject of a raising cue ("X seemed to …") or of a passive cue with no agent and
    an infinitive ("X is expected to …"), as a token range; None otherwise."""
    verb = cue.head
    if not any(c.dep_ == "xcomp" for c in verb.rights) or any(
        c.dep_ == "agent" for c in verb.children
    ):
        return None
    deps = ("nsubj", "nsubjpass") if cue.type == CueType.RAISING_VERB else ("nsubjpass",)
    subject = next((c for c in verb.lefts if c.dep_ in deps), None)
    if subject is None or subject.lower_ in ("it", "there"):
        return None
    return subject.left_edge.i, subject.right_edge.i + 1


#: Right dependents of a verb of telling that stand between it and a quote it introduces
#: ("telling the Gazette: “…”", "told reporters on Friday, “…”").
HEARER_DEPS = frozenset({"dobj", "dative", "prep", "npadvmod"})


def _hearer_end(cue: Cue, end: int) -> int:
    """The end of a verb of telling with its hearer and setting, in characters."""
    verb, doc = cue.head, cue.head.doc
    for child in verb.rights:
        if child.i < cue.end:
            continue  # a particle already in the cue
        if child.dep_ not in HEARER_DEPS:
            break
        end = doc[child.right_edge.i].idx + len(doc[child.right_edge.i])
    return end


#: An infinitive cue takes in its governor when it stands at most this many tokens before.
MAX_GOVERNOR_GAP = 4
GOVERNOR_MODIFIER_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "prt"})


def _governor_start(
    verb: Token, is_cue: Callable[[Token], bool], modal_governors: frozenset[str]
) -> int | None:
    """Where a cue in the infinitive starts when its governor belongs to it: the governor
    (a verb or adjective that is no cue itself, a few tokens before) with its auxiliaries,
    and the copula of an adjective ("are more likely to say"); None otherwise."""
    governor = verb.head
    if (
        governor is verb
        or governor.pos_ not in ("VERB", "ADJ")
        or governor.lemma_.lower() in modal_governors
        or is_cue(governor)
        or not 0 < verb.i - governor.i <= MAX_GOVERNOR_GAP
    ):
        return None
    start = modifiers_start(governor, GOVERNOR_MODIFIER_DEPS)
    copula = governor.head
    if governor.pos_ == "ADJ" and copula.lemma_ == "be" and copula.i == start - 1:
        start = copula.i
    return start


def _overlaps(a: CharRange, b: CharRange) -> bool:
    return a[0] < b[1] and b[0] < a[1]
