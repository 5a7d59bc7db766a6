"""The attribution component on the real spaCy pipeline: what a fact-checker relies on."""

import pytest
from spacy.tokens import Doc

from annotator.core.model import StatementKind, Status
from annotator.nlp.attribution.component import FACTORY
from annotator.nlp.pipeline import SPEAKERS


@pytest.fixture(scope="module")
def nlp(nlp):
    """The shared pipeline with the attribution component alone (no speaker resolution)."""
    with nlp.select_pipes(disable=[SPEAKERS]):
        yield nlp


def statements(nlp, text):
    return nlp(text)._.statements


def only(nlp, text):
    found = statements(nlp, text)
    assert len(found) == 1, [(s.cue.text, [c.text for c in s.content]) for s in found]
    return found[0]


def test_speech_verb_with_that_clause(nlp):
    st = only(nlp, "A Palestinian leader has confirmed that negotiations in Cairo have failed.")
    assert st.source.text == "A Palestinian leader"
    assert st.cue.text == "has confirmed"  # auxiliaries belong to the cue
    assert [c.text for c in st.content] == ["negotiations in Cairo have failed"]
    assert st.kind == StatementKind.INDIRECT
    assert st.status == Status.SUGGESTED and st.source_id is None
    assert 0 <= st.confidence <= 1


def test_spans_are_offsets_into_the_text(nlp):
    text = "Intro line.\n\nHe noted that mediators failed to persuade the delegation."
    st = only(nlp, text)
    for span in (st.source, st.cue, *st.content):
        assert text[span.start : span.end] == span.text


def test_parenthetical_cue_after_the_content(nlp):
    st = only(nlp, "The economy is strong, the president said on Monday.")
    assert st.source.text == "the president"
    assert st.content[0].text == "The economy is strong"


def test_quote_split_by_its_cue_is_one_direct_statement_with_two_fragments(nlp):
    st = only(nlp, "“We will win,” he said, “and nobody can stop us.”")
    assert st.source.text == "he"
    assert [c.text for c in st.content] == ["“We will win,”", "“and nobody can stop us.”"]
    assert st.kind == StatementKind.DIRECT


def test_quote_over_several_sentences_is_one_fragment(nlp):
    text = "“We are ready. We have waited for years. Nobody can stop us,” she said."
    st = only(nlp, text)
    assert st.content[0].text == "“We are ready. We have waited for years. Nobody can stop us,”"


def test_partial_quote_inside_reported_speech_is_mixed(nlp):
    text = "Hamas issued a press release stating that it had “blocked the enemy’s plans”."
    st = only(nlp, text)
    assert st.kind == StatementKind.MIXED
    assert st.source.text == "Hamas"
    assert st.content[0].text == "it had “blocked the enemy’s plans”"


def test_participle_shares_the_subject_of_its_clause(nlp):
    text = "Egypt rejected the proposals, affirming that Gaza belongs to the Palestinians."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    assert by_cue["affirming"].source.text == "Egypt"
    assert by_cue["affirming"].content[0].text == "Gaza belongs to the Palestinians"


def test_according_to(nlp):
    st = only(nlp, "According to officials, the talks collapsed on Sunday.")
    assert st.cue.text == "According to"
    assert st.source.text == "officials"
    assert st.content[0].text == "the talks collapsed on Sunday"


def test_passive_with_expletive_it_has_no_source(nlp):
    st = only(nlp, "It was reported that the talks failed.")
    assert st.source is None
    assert st.content[0].text == "the talks failed"


def test_nested_statement_points_to_its_parent(nlp):
    text = (
        "The senior official emphasized that mediators have reported that Israeli "
        "political leaders are seeking to extend the first phase."
    )
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    outer, inner = by_cue["emphasized"], by_cue["have reported"]
    assert inner.parent == outer.id and outer.parent is None
    assert inner.source.text == "mediators"


def test_ids_follow_text_order(nlp):
    text = "He said that it rained. She noted that it was cold. They stated that it snowed."
    assert [s.id for s in statements(nlp, text)] == ["q1", "q2", "q3"]
    assert [s.cue.text for s in statements(nlp, text)] == ["said", "noted", "stated"]


def test_sentence_without_attribution_gives_nothing(nlp):
    assert statements(nlp, "The river flooded the valley after three days of rain.") == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "“Unbalanced, he said. And “nested “quotes” here” ” ” said she.",
        "Der Präsident sagte, dass die Gespräche gescheitert seien.",
        "Control\x00characters\x07 said \x1b that it\x0c works.",
        'said said said that that “ ” " " according to',
    ],
)
def test_odd_text_never_raises(nlp, text):
    found = statements(nlp, text)
    assert isinstance(found, list)
    for st in found:
        assert text[st.cue.start : st.cue.end] == st.cue.text


@pytest.mark.slow  # parses a megabyte
def test_a_megabyte_on_one_line_is_handled(nlp):
    # Parsing a megabyte is spaCy's cost, not ours: copy one parsed line 16,200 times.
    line = nlp.make_doc("The minister said that the plan, which is “bold”, would work; ")
    for _, proc in nlp.pipeline[:-1]:
        line = proc(line)
    big = Doc.from_docs([line] * 16_200, ensure_whitespace=False)
    assert len(big.text) > 1_000_000 and "\n" not in big.text
    found = nlp.get_pipe(FACTORY)(big)._.statements
    assert len(found) == 16_200
    assert found[-1].cue.text == "said" and found[-1].id == "q16200"


def test_cue_keeps_auxiliaries_negation_and_particles(nlp):
    st = only(nlp, "The ministry would not confirm that the talks had failed.")
    assert st.cue.text == "would not confirm"
    st = only(nlp, "She pointed out that the bridge was closed.")
    assert st.cue.text == "pointed out"


def test_quote_after_the_cue_sentence_continues_a_direct_statement(nlp):
    text = "“We are ready,” Brannock said. “But the ferry still needs a new engine.”"
    st = only(nlp, text)
    assert [c.text for c in st.content] == [
        "“We are ready,”",
        "“But the ferry still needs a new engine.”",
    ]


def test_newswire_double_apostrophes_are_quotes(nlp):
    st = only(nlp, "''We are farmers,'' Mr. Tovenko said.")
    assert st.content[0].text == "''We are farmers,''"
    assert st.kind == StatementKind.DIRECT


def test_a_quoted_speakers_own_i_think_is_part_of_the_quote(nlp):
    st = only(nlp, "“I think the orchard will recover,” she said.")
    assert st.source.text == "she"


def test_stance_verb_takes_its_object_as_content(nlp):
    st = only(nlp, "Hamas accused the government of trying to obstruct the agreement.")
    assert st.content[0].text == "the government of trying to obstruct the agreement"


def test_told_takes_the_clause_not_the_hearer(nlp):
    st = only(nlp, "Halvard told reporters that the dam would be finished.")
    assert (st.cue.text, st.content[0].text) == ("told", "the dam would be finished")


def test_headline_name_and_colon_attributes_the_line(nlp):
    text = "Lena Marwick: I Am Not Running For Governor Of Ostavia.\n\nShe left on Monday."
    st = only(nlp, text)
    assert (st.source.text, st.cue.text) == ("Lena Marwick", ":")
    assert st.content[0].text == "I Am Not Running For Governor Of Ostavia"


def test_content_and_source_stay_in_their_paragraph(nlp):
    text = "The minister said that the bridge would open\n\nin May, officials added."
    for st in statements(nlp, text):
        for span in (st.source, *st.content):
            assert span is None or "\n" not in span.text


def test_a_bare_passive_participle_names_no_source(nlp):
    text = "Velloran, 58, smiled when asked about rumours that the tenants would move out."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    assert by_cue["asked about"].source is None


def test_parenthetical_cue_in_the_middle_gives_both_sides(nlp):
    text = "The ferry business, she said, is faring far better than in 2011."
    st = only(nlp, text)
    assert st.source.text == "she"
    assert [c.text for c in st.content] == [
        "The ferry business",
        "is faring far better than in 2011",
    ]


def test_a_belief_inside_reported_speech_is_part_of_it(nlp):
    text = "Dorval said he did not believe the plan was bold enough."
    st = only(nlp, text)
    assert st.cue.text == "said"
    assert st.content[0].text == "he did not believe the plan was bold enough"


def test_a_nested_report_is_less_certain_than_its_parent(nlp):
    text = "The official emphasized that mediators have reported that the talks failed."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    assert by_cue["have reported"].confidence < by_cue["emphasized"].confidence


def test_condition_before_a_parenthetical_cue_stays_in_the_content(nlp):
    text = "If the wages are not raised, Mr. Pellam warned, the workers will leave the union."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    st = by_cue["warned"]
    assert st.source.text == "Mr. Pellam"
    assert [c.text for c in st.content] == [
        "If the wages are not raised",
        "the workers will leave the union",
    ]


def test_a_cue_noun_with_a_clause_and_a_possessor(nlp):
    text = "Fishermen laughed at Ollander’s claim that the lake was haunted."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    st = by_cue["claim"]
    assert st.source.text == "Ollander’s"  # news annotators keep the possessive mark
    assert st.content[0].text == "the lake was haunted"


def test_a_relative_clause_holding_its_cue_leaves_the_cue_out_of_the_content(nlp):
    text = "The new fares, which officials said will apply from April, are modest."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    st = by_cue["said"]
    assert st.source.text == "officials"
    assert [c.text for c in st.content] == ["which", "will apply from April"]


def test_a_full_stop_quote_before_a_bare_cue_is_its_content(nlp):
    st = only(nlp, "“I trust you will find the spare keys.” Pelham said.")
    assert st.content[0].text == "“I trust you will find the spare keys.”"
    assert st.source.text == "Pelham"


def test_according_to_vouches_for_its_whole_sentence(nlp):
    text = "Most anglers said the lake was cleaner, according to a survey by the Tidewater Gazette."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    st = by_cue["according to"]
    assert st.source.text == "a survey by the Tidewater Gazette"
    assert st.content[0].text == "Most anglers said the lake was cleaner"


def test_an_impression_attributed_to_nobody(nlp):
    st = only(nlp, "Pemberton is expected to win the regatta.")
    assert st.source is None and st.cue.text == "is expected"
    assert [c.text for c in st.content] == ["Pemberton", "to win the regatta"]
    st = only(nlp, "Each dancer seemed to be finding her own rhythm.")
    assert st.source is None
    assert [c.text for c in st.content] == ["Each dancer", "to be finding her own rhythm"]


def test_only_the_complementizer_that_is_trimmed(nlp):
    st = only(nlp, "She said that’s why the orchard failed.")
    assert st.content[0].text == "that’s why the orchard failed"


def test_a_passive_with_its_agent(nlp):
    st = only(nlp, "Both fires were claimed by the Red Lantern Front.")
    assert (st.source.text, st.cue.text) == ("the Red Lantern Front", "were claimed")
    assert st.content[0].text == "Both fires"


def test_a_relative_pronoun_object_is_content(nlp):
    text = "He bought the old mill, which he describes as a bargain."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    st = by_cue["describes"]
    assert st.source.text == "he"
    assert [c.text for c in st.content] == ["which", "as a bargain"]


def test_it_said_is_a_speaker_but_it_seems_is_nobody(nlp):
    st = only(nlp, "The app suspended the accounts. It also said that it had hired more staff.")
    assert st.source.text == "It"
    st = only(nlp, "It was reported that the talks failed.")
    assert st.source is None


def test_a_title_case_headline_is_split_around_its_cue_verb(nlp):
    text = "Ostrander Praises Velez At Rally In Dalmora\n\nThe governor spoke for an hour."
    st = only(nlp, text)
    assert (st.source.text, st.cue.text) == ("Ostrander", "Praises")
    assert st.content[0].text == "Velez At Rally In Dalmora"


def test_as_x_said_vouches_for_the_main_clause(nlp):
    st = only(nlp, "As this newspaper revealed, Ambrose is not a resident of the county.")
    assert (st.source.text, st.cue.text) == ("this newspaper", "revealed")
    assert st.content[0].text == "Ambrose is not a resident of the county"


def test_a_source_keeps_its_party_in_brackets(nlp):
    st = only(nlp, "Sen. Jane Doe (D-Vt.) said the bill would pass.")
    assert st.source.text == "Sen. Jane Doe (D-Vt.)"


def test_a_possessive_apostrophe_does_not_end_a_source(nlp):
    st = only(nlp, "Jeff Smith, Doe’ campaign manager, said the bill would pass.")
    assert st.source.text == "Jeff Smith, Doe’ campaign manager"


def test_hoping_is_read_as_hope(nlp):
    by_cue = {st.cue.text: st for st in statements(nlp, "The mayor is hoping the rain stops.")}
    assert [c.text for c in by_cue["is hoping"].content] == ["the rain stops"]


def test_a_clause_only_verb_takes_the_object_of_its_preposition(nlp):
    st = only(nlp, "The mayor had not yet responded to the letter.")
    assert st.cue.text == "had not yet responded to"
    assert [c.text for c in st.content] == ["the letter"]


def test_calling_for_someone_to_act(nlp):
    text = "The mayor is calling for the council to cut taxes."
    by_cue = {st.cue.text: st for st in statements(nlp, text)}
    st = by_cue["is calling for"]
    assert st.source.text == "The mayor"
    assert [c.text for c in st.content] == ["the council to cut taxes"]


def test_an_indirect_question_hung_on_as_adverbial_clause_is_content(nlp):
    text = "Asked if she was ever frightened, the captain smiled."
    st = only(nlp, text)
    assert st.cue.text == "Asked" and st.source is None
    assert [c.text for c in st.content] == ["if she was ever frightened"]


def test_apologized_for_takes_its_object(nlp):
    st = only(nlp, "The mayor apologized for the delay.")
    assert st.cue.text == "apologized for"
    assert [c.text for c in st.content] == ["the delay"]


def test_a_condition_after_the_content_belongs_to_it(nlp):
    text = "The clerk reported that the shop will open early, but only if the weather holds."
    st = only(nlp, text)
    assert [c.text for c in st.content] == [
        "the shop will open early, but only if the weather holds"
    ]


def test_a_cue_preposition_away_from_its_verb_gives_the_content(nlp):
    st = only(nlp, "The mayor apologized to voters for the delay.")
    assert st.cue.text == "apologized"
    assert [c.text for c in st.content] == ["the delay"]


def test_a_plain_first_sentence_is_no_title_case_headline(nlp):
    text = "The mayor is calling for the Harbor Claims Board to act."
    assert [st.cue.text for st in statements(nlp, text)] == ["is calling for"]


def test_a_dateline_before_a_dash_is_no_part_of_the_source(nlp):
    st = only(nlp, "WASHINGTON (AP) — Sen. Jane Doe said the bill would pass.")
    assert st.source.text == "Sen. Jane Doe"


PARAGRAPH = "The council met on Monday.\n\n"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "PORTO, Portugal — Ellen Marsh said on Tuesday that the bridge would reopen.",
            "Ellen Marsh",
            id="place-country-em-dash",
        ),
        pytest.param(
            PARAGRAPH + "CLEVELAND, July 19 (UPI) — Former Mayor Tom Vale told reporters that"
            " the bridge would reopen.",
            "Former Mayor Tom Vale",
            id="place-date-agency",
        ),
        pytest.param(
            "OSLO (Reuters) - Ellen Marsh said on Monday she was unlikely to have a good"
            " relationship with the council.",
            "Ellen Marsh",
            id="place-agency-hyphen",
        ),
        pytest.param(
            PARAGRAPH + "HARBORTON (AP) — Ellen Marsh and council leader Tom Vale pledged to work"
            " together despite their differences after a meeting Thursday.",
            "Ellen Marsh and council leader Tom Vale",
            id="place-agency-second-subject",
        ),
        pytest.param(
            "HARBORTON -- Council leader Tom Vale on Thursday nominated Ellen Marsh for a second"
            " term as head of the harbour board.",
            "Council leader Tom Vale",
            id="place-double-hyphen",
        ),
        pytest.param(
            PARAGRAPH + "PORTO, Portugal - The mayor's political allies on Monday predicted a"
            " victory in the city's elections.",
            "The mayor's political allies",
            id="speaker-hung-on-the-country",
        ),
        pytest.param(
            PARAGRAPH + "Lake Haven (AFP) – Mayor Ellen Marsh said the bridge would reopen.",
            "Mayor Ellen Marsh",
            id="title-case-place-agency",
        ),
    ],
)
def test_a_dateline_is_never_the_source(nlp, text, speaker):
    """The parser often makes the dateline the subject; the speaker is named after the dash."""
    assert [st.source.text for st in statements(nlp, text)] == [speaker]


def test_a_dateline_with_nobody_after_it_gives_no_source(nlp):
    st = only(nlp, PARAGRAPH + "OSLO — Claims that the bridge would close were denied.")
    assert st.source is None


def test_a_lead_under_a_dateline_is_no_title_case_headline(nlp):
    text = "OSLO (Reuters) - Fears grew on Friday, prompting warnings that the bridge would close."
    assert [(st.source, st.cue.text) for st in statements(nlp, text)] == [(None, "warnings")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("NATO officials said the bridge would reopen in May.", "NATO officials"),
        ("U.S. officials said the bridge would reopen in May.", "U.S. officials"),
        ("NASA said on Friday that the launch would go ahead.", "NASA"),
        (
            "NATO Secretary General Ana Ruiz — speaking in Brussels — said the bridge"
            " would reopen.",
            "NATO Secretary General Ana Ruiz",
        ),
        ("HARBORTON residents said the bridge would reopen in May.", "HARBORTON residents"),
    ],
)
def test_a_capitalised_speaker_opening_a_paragraph_is_no_dateline(nlp, text, speaker):
    assert [st.source.text for st in statements(nlp, PARAGRAPH + text)] == [speaker]


HEADLINE = "Bridge to reopen\n\n"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The parser makes the headline the subject and the speaker its object.
        pytest.param(
            HEADLINE + "Officials said the bridge would reopen on Monday.",
            "Officials",
            id="plain-subject",
        ),
        pytest.param(
            HEADLINE + "NATO officials said the bridge would reopen on Monday.",
            "NATO officials",
            id="acronym-speaker",
        ),
        # ... or gives the verb a second subject in the lead.
        pytest.param(
            "Storm closes schools\n\nThe FBI said the storm would close schools on Monday.",
            "The FBI",
            id="second-subject",
        ),
        # Guard: a subject the parser found in the lead stays.
        pytest.param(
            HEADLINE + "The mayor said the bridge would reopen on Monday.",
            "The mayor",
            id="lead-subject",
        ),
    ],
)
def test_a_headline_is_never_the_source_of_the_lead_under_it(nlp, text, speaker):
    """The speaker named before the cue in its own paragraph wins over the line above."""
    assert [st.source.text for st in statements(nlp, text)] == [speaker]


def test_a_participle_under_a_headline_shares_the_subject_of_its_paragraph(nlp):
    text = HEADLINE + "“We are ready,” Ana Ruiz replied, before adding that it would reopen."
    found = {st.cue.text: st.source.text for st in statements(nlp, text)}
    assert found == {"replied": "Ana Ruiz", "adding": "Ana Ruiz"}


def test_a_lead_naming_nobody_before_its_cue_gives_no_source(nlp):
    """No source rather than the headline above."""
    st = only(nlp, HEADLINE + "On Monday, said the bridge would reopen.")
    assert st.source is None


@pytest.mark.parametrize("dash", ["—", "–", "--"])
def test_a_relative_clause_between_dashes_ends_the_source(nlp, dash):
    text = f"Sen. Jane Doe (D-Vt.) {dash} who chairs the panel {dash} said the bill would pass."
    assert only(nlp, text).source.text == "Sen. Jane Doe (D-Vt.)"


def test_a_dashed_relative_clause_opening_with_whose_ends_the_source(nlp):
    st = only(nlp, "Mrs. Ruiz -- whose husband signed the bill -- has derided the plan.")
    assert st.source.text == "Mrs. Ruiz"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # Annotators keep a relative clause set off by commas in the source ...
        (
            "Sen. Jane Doe, who chairs the panel, said the bill would pass.",
            "Sen. Jane Doe, who chairs the panel",
        ),
        # ... and an appositive between dashes.
        (
            "Ana Ruiz — a teacher from Porto — said the bill would pass.",
            "Ana Ruiz — a teacher from Porto",
        ),
        # A speaker after the verb is untouched.
        ("“The bill will pass,” said the mayor.", "the mayor"),
    ],
)
def test_asides_the_source_keeps(nlp, text, source):
    assert only(nlp, text).source.text == source


def test_a_time_phrase_after_the_source_is_no_part_of_it(nlp):
    st = only(nlp, "A report on Wednesday said the bill would pass.")
    assert st.source.text == "A report"


def test_quote_before_a_verb_of_telling_and_its_hearer(nlp):
    text = "“The budget is a disgrace,” Marsh, 61, told the Gazette on Tuesday."
    st = only(nlp, text)
    assert st.cue.text == "told"
    assert st.source.text == "Marsh, 61"
    assert [c.text for c in st.content] == ["“The budget is a disgrace,”"]


def test_verb_of_telling_introduces_a_quote_after_its_hearer(nlp):
    text = "The mayor was blunt, telling the Gazette: “We will not raise taxes.”"
    st = only(nlp, text)
    assert (st.source.text, st.cue.text) == ("The mayor", "telling")
    assert [c.text for c in st.content] == ["“We will not raise taxes.”"]


def test_parenthetical_verb_of_telling_with_its_hearer(nlp):
    st = only(nlp, "The plan, Marsh told reporters, would cost the city nothing.")
    assert (st.source.text, st.cue.text) == ("Marsh", "told")
    assert " ".join(c.text for c in st.content) == "The plan would cost the city nothing"


def test_asked_someone_about_something(nlp):
    st = only(nlp, "The host asked Marsh about the budget she had proposed.")
    assert (st.source.text, st.cue.text) == ("The host", "asked")
    assert [c.text for c in st.content] == ["the budget she had proposed"]


def test_colon_after_the_cue_belongs_to_it(nlp):
    st = only(nlp, "Marsh added: “The city will pay nothing.”")
    assert st.cue.text == "added:"
    assert [c.text for c in st.content] == ["“The city will pay nothing.”"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Harkness’ campaign announced that it would appeal.", "Harkness’ campaign"),
        ("The “Driftwood” star wrote that fans should relax.", "The “Driftwood” star"),
    ],
)
def test_source_keeps_a_possessive_and_a_quoted_title(nlp, text, source):
    assert only(nlp, text).source.text == source


def test_quote_signed_with_a_dash_and_a_name(nlp):
    text = (
        "“The debate changed my mind.” ― Ana Ruiz\n"
        "“I will plant tulips this spring.”― Tom Lee.\n"
        "The weather was mild — mostly."
    )
    found = statements(nlp, text)
    assert [(s.source.text, s.cue.text, s.content[0].text) for s in found] == [
        ("Ana Ruiz", "―", "“The debate changed my mind.”"),
        ("Tom Lee", "―", "“I will plant tulips this spring.”"),
    ]


def test_transcript_lines_name_their_speaker(nlp):
    text = '"HOST: Welcome back to the show tonight.\n"MARSH: Glad to be here with all of you.'
    found = statements(nlp, text)
    assert [(s.source.text, s.cue.text, s.content[0].text) for s in found] == [
        ("HOST", ":", "Welcome back to the show tonight"),
        ("MARSH", ":", "Glad to be here with all of you"),
    ]


def test_headline_name_with_a_topic_before_the_colon(nlp):
    st = only(nlp, "Marsh on the City Budget: ‘We Will Not Back Down’\nThe council met.")
    assert (st.source.text, st.cue.text) == ("Marsh", ":")
    assert st.content[0].text == "‘We Will Not Back Down’"


@pytest.mark.parametrize(
    "line",
    [
        "UPDATE: The council met again on Friday night.",
        "Q: What did the council decide on Friday?",
        "Ohio: Ann Berg, Carl Dunn, Eve Ford.",
    ],
)
def test_line_labels_and_lists_before_a_colon_are_no_speakers(nlp, line):
    assert statements(nlp, line + "\nThe council met.") == []


def test_any_verb_with_a_that_clause_is_a_cue(nlp):
    st = only(nlp, "The minister made clear that the bridge would stay closed.")
    assert (st.source.text, st.cue.text) == ("The minister", "made")
    assert st.content[0].text.endswith("that the bridge would stay closed")


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        # A dateline ends at its dash (an en or em dash, or a hyphen standing apart).
        (
            "OPORTO (Reuters) – Leading harbour board member Ana Ruiz said on Friday she met "
            "the mayor earlier this week and that the two broached the issue of the port.",
            "said",
            "Leading harbour board member Ana Ruiz",
        ),
        (
            "The debate over the port is also predictable - Ana Ruiz has vowed to close it "
            "and bring back lost jobs.",
            "has vowed",
            "Ana Ruiz",
        ),
        # A date after the verb is when, not who.
        (
            "Ruiz kept up her attacks.\nIn Porto, said Tuesday that the board was a failure.",
            "said",
            None,
        ),
        # "It seems", "it appeared", "it is worth noting": nobody speaks.
        ("It seems that the ferry was late.", "seems", None),
        ("Often, it appeared that the ferry was late.", "appeared", None),
        ("It is worth noting that the ferry was late.", "noting", None),
        # A participle under a passive with an expletive subject shares no speaker.
        ("It was reported on Monday, adding that the port was closed.", "adding", None),
    ],
)
def test_the_source_of_news_patterns(nlp, text, cue, source):
    found = {s.cue.text: s for s in statements(nlp, text)}
    assert cue in found, list(found)
    assert (found[cue].source.text if found[cue].source else None) == source
