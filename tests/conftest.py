"""Shared fixtures. Qt runs headless; every store in a test is a real file or server."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
