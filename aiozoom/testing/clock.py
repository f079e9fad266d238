"""A clock tests can move by hand, shared by the fake Zoom and the client's token providers."""

from __future__ import annotations

__all__ = ["FakeClock"]


class FakeClock:
    """Unix time in seconds that only moves when told to. Call it to read it."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._now = float(start)

    def __call__(self) -> float:
        return self._now

    def __repr__(self) -> str:
        return f"FakeClock({self._now!r})"

    def advance(self, seconds: float) -> float:
        """Move forward ``seconds`` (never backward) and return the new time."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0: a FakeClock does not go backward")
        self._now += seconds
        return self._now

    def set(self, now: float) -> None:
        """Jump to ``now``."""
        self._now = float(now)
