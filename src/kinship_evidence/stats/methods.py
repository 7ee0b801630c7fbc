"""The choices a random-effects meta-analysis makes, as one value: :class:`PoolingMethods`.

The allowed values are defined once, here; :data:`ESTIMATORS`,
:data:`CI_METHODS`, :data:`PREDICTION_METHODS` and :data:`I2_METHODS` are the
value strings for a command line or a rule file to offer. What each method
computes, with its formula and source, is documented in
:mod:`kinship_evidence.stats.meta_analysis`; in short:

* :class:`Estimator` (of the between-study variance tau^2):
  ``reml`` restricted maximum likelihood (metafor ``rma.uni(method="REML")``),
  ``dl`` DerSimonian-Laird (``method="DL"``),
  ``pm`` Paule-Mandel (``method="PM"``).
* :class:`CIMethod` (of the 95% confidence interval of the pooled effect):
  ``wald`` normal-theory ``mu -/+ z * se`` (metafor ``test="z"``);
  ``hksj`` Hartung-Knapp-Sidik-Jonkman, ``mu -/+ t(k-1) * se_HK`` (metafor
  ``test="knha"``); ``hksj-adhoc`` the same with the variance factor
  truncated below at 1, so that the standard error is never below the Wald
  one and (with the t quantile > z) the interval never narrower than Wald's
  (Knapp & Hartung, 2003; metafor ``test="adhoc"``).
* :class:`PredictionMethod` (of the 95% prediction interval for the effect in a
  new study, ``mu -/+ crit * sqrt(se^2 + tau^2)``): ``none``; ``z`` (normal
  quantile, metafor ``predict()`` after ``test="z"``); ``t-k1`` (t with k-1
  df, metafor ``predict()`` after ``test="knha"``, ``pi.type="t"`` after
  ``test="z"``), both with the se of the CI; ``t-k2`` the Higgins, Thompson &
  Spiegelhalter (2009) interval as they define it, t with k-2 df and the
  model-based se whatever the CI method (metafor ``predict(..., pi.type=
  "riley")`` of the ``test="z"`` fit). Not computed (None) below 3 studies.
* :class:`I2Method`: ``tau2``, ``I^2 = tau^2 / (tau^2 + s^2)`` with the
  "typical" within-study variance s^2 (Higgins & Thompson, 2002; metafor);
  ``q``, the Q-based ``max(0, (Q - df) / Q)``, the only definition before
  this module existed, chosen only by name (``PoolingMethods(..., i2=I2Method.Q)``). The two agree for DL.
"""

from __future__ import annotations

from enum import Enum
from typing import Self

from kinship_evidence.frozen import frozen

__all__ = [
    "CI_METHODS",
    "ESTIMATORS",
    "I2_METHODS",
    "PREDICTION_METHODS",
    "CIMethod",
    "Estimator",
    "I2Method",
    "PoolingMethods",
    "PredictionMethod",
]


class _Choice(str, Enum):
    """A str-valued choice: compares equal to, and prints as, its value."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, value: object) -> Self:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(repr(member.value) for member in cls)
            from kinship_evidence.stats.errors import PoolingError

            raise PoolingError(f"unknown {cls._label()} {value!r}; expected one of {allowed}") from None

    @classmethod
    def _label(cls) -> str:
        return cls.__name__


class Estimator(_Choice):
    """Estimator of the between-study variance tau^2."""

    REML = "reml"  # restricted maximum likelihood, metafor method="REML"
    DL = "dl"  # DerSimonian-Laird, metafor method="DL"
    PM = "pm"  # Paule-Mandel, metafor method="PM"

    @classmethod
    def _label(cls) -> str:
        return "estimator"

    @property
    def label(self) -> str:
        return {"reml": "REML", "dl": "DerSimonian-Laird", "pm": "Paule-Mandel"}[self.value]


class CIMethod(_Choice):
    """Confidence interval of the pooled effect."""

    WALD = "wald"  # mu -/+ z * se, metafor test="z"
    HKSJ = "hksj"  # Hartung-Knapp-Sidik-Jonkman, metafor test="knha"
    HKSJ_ADHOC = "hksj-adhoc"  # HKSJ with the variance factor truncated below at 1, metafor test="adhoc"

    @classmethod
    def _label(cls) -> str:
        return "confidence-interval method"

    @property
    def label(self) -> str:
        return {
            "wald": "Wald z CI",
            "hksj": "Hartung-Knapp-Sidik-Jonkman t CI",
            "hksj-adhoc": "Hartung-Knapp-Sidik-Jonkman t CI (ad hoc, never narrower than Wald)",
        }[self.value]


class PredictionMethod(_Choice):
    """Prediction interval for the effect in a new study."""

    NONE = "none"
    Z = "z"  # normal quantile
    T_K1 = "t-k1"  # t quantile with k-1 df
    T_K2 = "t-k2"  # t quantile with k-2 df (Higgins, Thompson & Spiegelhalter, 2009)

    @classmethod
    def _label(cls) -> str:
        return "prediction-interval method"

    @property
    def label(self) -> str:
        return {
            "none": "no prediction interval",
            "z": "z prediction interval",
            "t-k1": "t(k-1) prediction interval",
            "t-k2": "t(k-2) prediction interval (Higgins-Thompson-Spiegelhalter, model-based se)",
        }[self.value]


class I2Method(_Choice):
    """Definition of I^2."""

    TAU2 = "tau2"  # tau^2 / (tau^2 + s^2), metafor's
    Q = "q"  # max(0, (Q - df) / Q), the legacy definition

    @classmethod
    def _label(cls) -> str:
        return "I^2 definition"


#: Allowed values, as strings, for a command line or a rule file.
ESTIMATORS: tuple[str, ...] = tuple(member.value for member in Estimator)
CI_METHODS: tuple[str, ...] = tuple(member.value for member in CIMethod)
PREDICTION_METHODS: tuple[str, ...] = tuple(member.value for member in PredictionMethod)
I2_METHODS: tuple[str, ...] = tuple(member.value for member in I2Method)


@frozen(slots=True)
class PoolingMethods:
    """Every method choice of one meta-analysis. Strings are accepted and parsed."""

    estimator: Estimator = Estimator.REML
    ci: CIMethod = CIMethod.WALD
    prediction: PredictionMethod = PredictionMethod.NONE
    i2: I2Method = I2Method.TAU2

    def __post_init__(self) -> None:
        object.__setattr__(self, "estimator", Estimator.parse(self.estimator))
        object.__setattr__(self, "ci", CIMethod.parse(self.ci))
        object.__setattr__(self, "prediction", PredictionMethod.parse(self.prediction))
        object.__setattr__(self, "i2", I2Method.parse(self.i2))

    def describe(self) -> str:
        """For humans, e.g. ``'REML, Wald z CI'``."""
        parts = [self.estimator.label, self.ci.label]
        if self.prediction is not PredictionMethod.NONE:
            parts.append(self.prediction.label)
        if self.i2 is I2Method.Q:
            parts.append("Q-based I^2")
        return ", ".join(parts)


@frozen(slots=True)
class MethodOverrides:
    """Methods chosen by the user (command line or configuration); None keeps the rule set's choice."""

    estimator: Estimator | None = None
    ci: CIMethod | None = None
    prediction: PredictionMethod | None = None

    def __post_init__(self) -> None:
        for name, kind in (("estimator", Estimator), ("ci", CIMethod), ("prediction", PredictionMethod)):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, kind.parse(value))

    def applied_to(self, methods: PoolingMethods) -> PoolingMethods:
        """``methods`` with every choice made here put in its place."""
        return PoolingMethods(
            estimator=self.estimator or methods.estimator,
            ci=self.ci or methods.ci,
            prediction=self.prediction or methods.prediction,
            i2=methods.i2,
        )
