"""The colour schemes of the review screen: light and dark, each standard or safe for
colour-vision deficiency. `palette.current()` is the one in use.

What each colour does is the same in every scheme; only the values change. The marks never
rest on colour alone: a source is bold and underlined (wavy when anonymous, dashed when
vague), a rejected statement's cue is struck through and its content greyed, and the statement
list spells every status out. The colour-blind schemes build on the Okabe–Ito palette: an
undecided statement is orange, an accepted one blue, a selected one reddish purple (hues a
reader with red–green deficiency tells apart), and a cue is much darker than its content
(`tests/qt/test_colour_schemes.py` measures both).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from annotator.core.model import Status

Tints = tuple[str | None, str]  # (content tint, None: no tint; cue background)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key
class Scheme:
    """Every colour the review screen paints with."""

    name: str
    dark: bool
    #: Page and text of the article view.
    page: str
    ink: str
    #: Greyed text (a rejected statement), still legible on the page.
    muted_ink: str
    #: Statement marks by review state.
    pending: Tints
    gold: Tints
    rejected: Tints
    #: The selected statement, whatever its state.
    selected_content: str
    selected_cue: str
    #: The focused part of the selected statement (source, cue or one content fragment).
    focus_outline: str
    #: A statement nested in the selected one: its own cue underlined in dashes.
    nested_outline: str
    #: Underline colours of speakers who are not named (wavy: anonymous; dashed: vague).
    anonymous_mark: str
    vague_mark: str
    #: A new statement being made: its parts so far.
    draft: str
    #: Background of a status in the statement list (None: plain).
    status_colours: MappingProxyType = field(repr=False)

    def statement_colours(self, status: Status | str) -> Tints:
        """Content tint and cue background of a statement in `status`."""
        status = Status(status)
        if status is Status.REJECTED:
            return self.rejected
        return self.gold if status.is_gold else self.pending


def _statuses(decided: str, rejected: str) -> MappingProxyType:
    return MappingProxyType(
        {
            Status.SUGGESTED: None,
            Status.ACCEPTED: decided,
            Status.CORRECTED: decided,
            Status.ADDED: decided,
            Status.REJECTED: rejected,
        }
    )


LIGHT = Scheme(
    name="light",
    dark=False,
    page="#FFFFFF",
    ink="#1F2328",
    muted_ink="#6B7079",  # 4.9:1 on white: greyed, still legible
    pending=("#FFF4CC", "#FFC857"),
    gold=("#E3F4E1", "#8ED39A"),
    rejected=(None, "#E4E6EA"),
    selected_content="#D6E6FF",
    selected_cue="#8DB8FF",
    focus_outline="#1F5FD6",
    nested_outline="#5B616B",
    anonymous_mark="#B45309",
    vague_mark="#6B7079",
    draft="#FDE2F3",
    status_colours=_statuses("#D4F0D2", "#ECEDEF"),
)

DARK = Scheme(
    name="dark",
    dark=True,
    page="#1E1F22",
    ink="#E3E5E8",
    muted_ink="#9AA0A8",
    pending=("#3D3420", "#7A5B0C"),
    gold=("#1F3526", "#2E6B3D"),
    rejected=(None, "#3A3D42"),
    selected_content="#1F3A5F",
    selected_cue="#2F5FA8",
    focus_outline="#7FB0FF",
    nested_outline="#A0A6AE",
    anonymous_mark="#F0A04B",
    vague_mark="#9AA0A8",
    draft="#4E2445",
    status_colours=_statuses("#24452C", "#33363B"),
)

#: Okabe–Ito: orange #E69F00, sky blue #56B4E9, reddish purple #CC79A7, vermillion #D55E00,
#: blue #0072B2, bluish green #009E73; light tints of them for large areas.
LIGHT_COLOUR_BLIND = Scheme(
    name="light, colour-blind safe",
    dark=False,
    page=LIGHT.page,
    ink=LIGHT.ink,
    muted_ink=LIGHT.muted_ink,
    pending=("#FDF0CC", "#E69F00"),
    gold=("#DCEEFB", "#56B4E9"),
    rejected=(None, "#E4E6EA"),
    selected_content="#F4DDEB",
    selected_cue="#CC79A7",
    focus_outline="#0072B2",
    nested_outline="#5B616B",
    anonymous_mark="#D55E00",
    vague_mark="#6B7079",
    draft="#CCEBE2",
    status_colours=_statuses("#B9DCF4", "#ECEDEF"),
)

DARK_COLOUR_BLIND = Scheme(
    name="dark, colour-blind safe",
    dark=True,
    page=DARK.page,
    ink=DARK.ink,
    muted_ink=DARK.muted_ink,
    pending=("#3A3020", "#7D5600"),
    gold=("#1B3142", "#1F6391"),
    rejected=(None, "#3A3D42"),
    selected_content="#33202E",
    selected_cue="#8A3F6C",
    focus_outline="#56B4E9",
    nested_outline="#A0A6AE",
    anonymous_mark="#FF8A4C",
    vague_mark="#9AA0A8",
    draft="#173F35",
    status_colours=_statuses("#1E3A50", "#33363B"),
)


def scheme_for(dark: bool, colour_blind: bool) -> Scheme:
    """The scheme of a dark or light theme, standard or colour-blind safe."""
    return {
        (False, False): LIGHT,
        (True, False): DARK,
        (False, True): LIGHT_COLOUR_BLIND,
        (True, True): DARK_COLOUR_BLIND,
    }[(dark, colour_blind)]
