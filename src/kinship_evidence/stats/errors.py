"""The one error family the statistics raise: :class:`StatsError` and its subclasses.

Nothing else escapes :mod:`kinship_evidence.stats` for bad or extreme input: no
``OverflowError``, ``ZeroDivisionError`` or bare ``ValueError`` from ``math``.
A caller that handles :class:`StatsError` handles every failure, and the
message says in plain words what was wrong. ``StatsError`` is a
``ValueError``, so code written against the old ``ValueError`` contract keeps
working.

* :class:`EffectError`: an effect size cannot be computed from the numbers
  given (invalid or inconsistent input, a ratio that is undefined, an
  overflow, a variance that underflows to 0, a zero-width interval).
* :class:`PoolingError`: the studies cannot be pooled (invalid input, an
  unknown method).
* :class:`ConvergenceError` (a :class:`PoolingError`): the input is valid but
  the estimate could not be computed: REML did not converge, or the answer
  lies outside the floating-point range.
"""

from __future__ import annotations

__all__ = ["ConvergenceError", "EffectError", "PoolingError", "StatsError"]


class StatsError(ValueError):
    """Base of every error raised by kinship_evidence.stats."""


class EffectError(StatsError):
    """An effect size and its variance cannot be computed from the input."""


class PoolingError(StatsError):
    """The studies cannot be pooled as asked."""


class ConvergenceError(PoolingError):
    """Valid input, but the estimate could not be computed (no convergence, or out of range)."""
