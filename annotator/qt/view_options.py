"""The View menu's behaviour: the article's zoom, the theme and the colour scheme.

The zoom is the article's font size in points, kept in QSettings so that it holds for every
document and the next start; the theme and colours live in `Appearance`. The zoom keys come
from the key map (Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0); the theme and colour choices are two
submenus of checkable items in the same menu.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from annotator.qt import palette, ui_state
from annotator.qt.appearance import COLOURS_TEXT, THEME_TEXT, Appearance, Colours, Theme
from annotator.qt.article_view import ArticleView

ZOOM_KEY = "view/article_point_size"
SMALLEST, LARGEST = 8, 36


class ViewOptions(QObject):
    """Zooms the article and offers the theme and colour choices."""

    def __init__(
        self, store: QSettings, view: ArticleView, appearance: Appearance, parent=None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._view = view
        self.appearance = appearance
        self.theme_actions: dict[Theme, QAction] = {}
        self.colour_actions: dict[Colours, QAction] = {}
        saved = ui_state.number(store, ZOOM_KEY, palette.ARTICLE_POINT_SIZE)
        view.set_point_size(min(LARGEST, max(SMALLEST, saved)))
        view.zoom_requested.connect(lambda step: self._zoom_to(view.point_size + step))

    # ------------------------------------------------------------------- zoom
    def zoom_in(self) -> None:
        """The article one point larger (Ctrl+=)."""
        self._zoom_to(self._view.point_size + 1)

    def zoom_out(self) -> None:
        """The article one point smaller (Ctrl+-)."""
        self._zoom_to(self._view.point_size - 1)

    def reset_zoom(self) -> None:
        """The article at its usual size (Ctrl+0)."""
        self._zoom_to(palette.ARTICLE_POINT_SIZE)

    def _zoom_to(self, points: int) -> None:
        points = min(LARGEST, max(SMALLEST, points))
        self._view.set_point_size(points)
        ui_state.remember(self._store, ZOOM_KEY, points)

    # ---------------------------------------------------------------- choices
    def add_choices(self, menu: QMenu) -> None:
        """Append the Theme and Colours submenus to the View menu."""
        menu.addSeparator()
        themes = menu.addMenu("&Theme")
        for theme, text in THEME_TEXT.items():
            self.theme_actions[theme] = self._choice(
                themes, text, self.appearance.theme is theme,
                lambda _=False, t=theme: self.appearance.set_theme(t),
            )
        self._group(self.theme_actions.values())
        colour_menu = menu.addMenu("&Colours")
        for colours, text in COLOURS_TEXT.items():
            self.colour_actions[colours] = self._choice(
                colour_menu, text, self.appearance.colours is colours,
                lambda _=False, c=colours: self.appearance.set_colours(c),
            )
        self._group(self.colour_actions.values())

    def _choice(self, menu: QMenu, text: str, checked: bool, choose) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setChecked(checked)
        action.triggered.connect(choose)
        menu.addAction(action)
        return action

    def _group(self, actions) -> None:
        group = QActionGroup(self)
        group.setExclusive(True)
        for action in actions:
            group.addAction(action)
