"""The theme (follow the system, light, dark) and the colour scheme (standard, colour-blind
safe): chosen in the View menu, kept in QSettings, applied to the whole application.

Applying sets the application's QPalette and style sheet and the review screen's colour
scheme (`palette.use`), then emits `changed` so the views paint again. Following the system
means reading Qt's colour-scheme hint, again whenever the system switches.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from importlib.resources import files

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from annotator.qt import palette, ui_state
from annotator.qt.schemes import scheme_for

THEME_KEY = "view/theme"
COLOURS_KEY = "view/colours"


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class Colours(StrEnum):
    STANDARD = "standard"
    COLOUR_BLIND = "colour-blind"


#: The menu's words for each choice.
THEME_TEXT = {Theme.SYSTEM: "Follow the &system", Theme.LIGHT: "&Light", Theme.DARK: "&Dark"}
COLOURS_TEXT = {
    Colours.STANDARD: "&Standard",
    Colours.COLOUR_BLIND: "&Colour-blind safe (orange, blue, purple)",
}

#: What a choice asks of the platform's colour scheme.
_PLATFORM_SCHEME = {
    Theme.SYSTEM: Qt.ColorScheme.Unknown,
    Theme.LIGHT: Qt.ColorScheme.Light,
    Theme.DARK: Qt.ColorScheme.Dark,
}

#: The application's palette roles in each theme (the style sheets name the same greys).
_ROLES = {
    False: {
        "Window": "#F3F4F6", "WindowText": "#1F2328", "Base": "#FFFFFF",
        "AlternateBase": "#F7F8FA", "Text": "#1F2328", "Button": "#EEF0F3",
        "ButtonText": "#1F2328", "Highlight": "#CFE0FF", "HighlightedText": "#1F2328",
        "ToolTipBase": "#FFFFFF", "ToolTipText": "#1F2328", "PlaceholderText": "#6B7079",
        "Link": "#1F5FD6", "Light": "#FFFFFF", "Midlight": "#E1E4E8", "Mid": "#D8DCE1",
        "Dark": "#A0A6AE", "Shadow": "#5B616B", "BrightText": "#FFFFFF",
    },
    True: {
        "Window": "#2B2D31", "WindowText": "#E3E5E8", "Base": "#1E1F22",
        "AlternateBase": "#25272B", "Text": "#E3E5E8", "Button": "#2F3136",
        "ButtonText": "#E3E5E8", "Highlight": "#2F5FA8", "HighlightedText": "#FFFFFF",
        "ToolTipBase": "#2B2D31", "ToolTipText": "#E3E5E8", "PlaceholderText": "#8A9099",
        "Link": "#7FB0FF", "Light": "#4A4E55", "Midlight": "#3A3D42", "Mid": "#3F434A",
        "Dark": "#16171A", "Shadow": "#000000", "BrightText": "#FFFFFF",
    },
}
#: Greyed text and buttons of disabled widgets.
_DISABLED = {False: "#9AA0A8", True: "#6B7079"}


def qt_palette(dark: bool) -> QPalette:
    """The application palette of the light or dark theme."""
    colours = QPalette()
    for role, value in _ROLES[dark].items():
        colours.setColor(getattr(QPalette.ColorRole, role), QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        colours.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DISABLED[dark]))
    return colours


def style_sheet(dark: bool) -> str:
    """The application's style sheet for the light or dark theme."""
    name = "dark.qss" if dark else "light.qss"
    return files("annotator.resources").joinpath("styles", name).read_text("utf-8")


def system_is_dark() -> bool:
    """Whether the desktop asks for dark colours (Qt's colour-scheme hint)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _parse(kind, value: str, default):
    try:
        return kind(value)
    except ValueError:  # a choice of another version of the app: the default
        return default


class Appearance(QObject):
    """The theme and colour-scheme choices, remembered and applied."""

    #: The colours changed: views paint again.
    changed = Signal()

    def __init__(
        self,
        store: QSettings,
        parent: QObject | None = None,
        *,
        system_dark: Callable[[], bool] = system_is_dark,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._system_dark = system_dark
        self._applying = False
        self.theme, self.colours = Theme.SYSTEM, Colours.STANDARD
        self._read_choices()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_changed)

    def _read_choices(self) -> None:
        store = self._store
        self.theme = _parse(Theme, ui_state.choice(store, THEME_KEY, Theme.SYSTEM), Theme.SYSTEM)
        default = Colours.STANDARD
        self.colours = _parse(Colours, ui_state.choice(store, COLOURS_KEY, default), default)

    def is_dark(self) -> bool:
        """Whether the dark theme is in use (chosen, or the system's)."""
        if self.theme is Theme.SYSTEM:
            return self._system_dark()
        return self.theme is Theme.DARK

    def set_theme(self, theme: Theme) -> None:
        """Use and remember `theme`."""
        self.theme = Theme(theme)
        ui_state.remember(self._store, THEME_KEY, str(self.theme))
        self.apply()

    def set_colours(self, colours: Colours) -> None:
        """Use and remember the colour scheme `colours`."""
        self.colours = Colours(colours)
        ui_state.remember(self._store, COLOURS_KEY, str(self.colours))
        self.apply()

    def apply(self) -> None:
        """Give the application the chosen theme and colours; the views repaint."""
        if self._applying:
            return
        self._applying = True
        try:
            self._tell_the_platform()
            self._apply(self.is_dark())
        finally:
            self._applying = False

    def _tell_the_platform(self) -> None:
        # Title bars and native dialogs follow a chosen theme too (Qt 6.8+); "follow the
        # system" hands the choice back to it. This may signal a change: `_applying` keeps
        # that from applying twice.
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "setColorScheme"):
            hints.setColorScheme(_PLATFORM_SCHEME[self.theme])

    def _apply(self, dark: bool) -> None:
        app = QApplication.instance()
        app.setPalette(qt_palette(dark))
        app.setStyleSheet(style_sheet(dark))
        palette.use(scheme_for(dark, self.colours is Colours.COLOUR_BLIND))
        self.changed.emit()

    def _on_system_changed(self, _scheme) -> None:
        self._read_choices()  # another window may have chosen since
        if self.theme is Theme.SYSTEM:
            self.apply()
