"""annotator: verify who said what in news articles."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # `__version__` is read from the package metadata on first use: importing
    # importlib.metadata and scanning the installed distributions costs every launch of the
    # window 20-35 ms, and only --version, exports and the About box need it.
    if name != "__version__":
        raise AttributeError(f"module 'annotator' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("annotator")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.1.0"
    globals()["__version__"] = found
    return found
