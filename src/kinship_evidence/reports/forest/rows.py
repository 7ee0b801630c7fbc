"""What a forest plot shows, as plain values: rows, arm data, labels, the pooled effect, footnotes.

The drawing (:mod:`kinship_evidence.reports.forest.figure`, matplotlib) and the HTML report read
these panels; nothing here imports matplotlib. The layout is RevMan's, with the numbers of R
metafor's ``forest()`` (Viechtbauer 2010): one row per study with its arm data (events / total,
or mean, SD, total), its weight and ``estimate [low, high]``, the pooled diamond, the prediction
interval when computed, and a heterogeneity line. Ratio measures are held on the log scale and
labelled on the natural scale (exp). The panels are built by
:mod:`kinship_evidence.reports.forest.panels`.
"""

from __future__ import annotations

from typing import Literal

from kinship_evidence.frozen import frozen
from kinship_evidence.reports.tables.appraisal_rows import AppraisalRow
from kinship_evidence.reports.text.natural_scale import RATIO_SCALES, interval_text, natural
from kinship_evidence.reports.text.natural_scale import label as short_label
from kinship_evidence.reports.text.natural_scale import name as scale_name
from kinship_evidence.stats.meta_analysis import PooledEffect

#: Analysis scales that are logs of ratios, with the name of the ratio on its natural scale.
ArmKind = Literal["counts", "groups", "mixed", "none"]


@frozen(slots=True)
class ArmData:
    """One arm's numbers as RevMan shows them: events and total, or mean, SD and total."""

    n: int
    events: int | None = None
    mean: float | None = None
    sd: float | None = None

    def compact(self) -> str:
        """``120/200`` or ``12.0 (4.0), 200``: one cell, for a panel that mixes the two kinds."""
        if self.events is not None:
            return f"{self.events}/{self.n}"
        return f"{number(self.mean)} ({number(self.sd)}), {self.n}"


@frozen(slots=True)
class ForestRow:
    label: str
    estimate: float  # analysis scale (log for ratios), in the panel's favourable direction
    ci_low: float
    ci_high: float
    weight: float | None  # random-effects weight, a fraction; None when the panel is not pooled
    appraisal: AppraisalRow | None  # the risk-of-bias row, when an appraisal is recorded
    arms: tuple[ArmData, ArmData] | None = None  # intervention, control; None for an effect reported alone


@frozen(slots=True)
class ForestPanel:
    title: str  # e.g. "permanence"
    scale: str  # the analysis scale
    favourable: str  # higher | lower: the side of the axis that favours the intervention
    rows: tuple[ForestRow, ...]
    pooled: PooledEffect | None  # None: a single study or a narrative synthesis, drawn without a diamond
    notes: tuple[str, ...] = ()  # re-expressed studies, shared control groups, why nothing is pooled
    left_out: tuple[str, ...] = ()  # "study: why" for each study of the domain not drawn or not pooled
    synthesis: str = ""  # "" for a meta-analysis; "single study" or "not pooled" (in the title)

    @property
    def is_ratio(self) -> bool:
        return self.scale in RATIO_SCALES

    @property
    def null(self) -> float:
        """No effect on the axis as drawn: 1 for ratios (natural scale), else 0."""
        return 1.0 if self.is_ratio else 0.0

    def natural(self, value: float) -> float:
        """A value on the scale the axis is labelled in (exp for ratios)."""
        return natural(self.scale, value)

    @property
    def scale_name(self) -> str:
        return scale_name(self.scale)

    @property
    def axis_label(self) -> str:
        return f"{self.scale_name}{' (log scale)' if self.is_ratio else ''}"

    @property
    def estimate_header(self) -> str:
        return f"{short_label(self.scale)} [95% CI]"

    @property
    def favours(self) -> tuple[str, str]:
        """The words under the left and the right half of the axis (RevMan's "Favours ...")."""
        good, bad = "Favours intervention", "Favours control"
        return (bad, good) if self.favourable == "higher" else (good, bad)

    @property
    def has_prediction(self) -> bool:
        return self.pooled is not None and self.pooled.pi_low is not None and self.pooled.pi_high is not None

    @property
    def has_appraisals(self) -> bool:
        return any(row.appraisal is not None for row in self.rows)

    @property
    def tools(self) -> tuple[str, ...]:
        """The risk-of-bias tools of the rows, in the order they first appear (one plot panel each)."""
        return tuple(dict.fromkeys(row.appraisal.tool for row in self.rows if row.appraisal is not None))

    @property
    def arm_kind(self) -> ArmKind:
        kinds = {"counts" if row.arms[0].events is not None else "groups" for row in self.rows if row.arms is not None}
        if not kinds:
            return "none"
        return kinds.pop() if len(kinds) == 1 else "mixed"  # type: ignore[return-value]


def number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def arm_cells(panel: ForestPanel, arms: tuple[ArmData, ArmData] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The intervention and the control cells of a row, in the columns of ``arm_headers``."""
    kind = panel.arm_kind
    width = len(arm_headers(panel))
    if arms is None:
        return ("",) * width, ("",) * width
    if kind == "mixed":
        return (arms[0].compact(),), (arms[1].compact(),)
    if kind == "counts":
        return tuple((str(arm.events), str(arm.n)) for arm in arms)  # type: ignore[return-value]
    return tuple((number(arm.mean), number(arm.sd), str(arm.n)) for arm in arms)  # type: ignore[return-value]


def arm_headers(panel: ForestPanel) -> tuple[str, ...]:
    """The columns under each of "Intervention" and "Control" (RevMan's)."""
    headers = {"counts": ("Events", "Total"), "groups": ("Mean", "SD", "Total"), "mixed": ("n/N or mean (SD), N",), "none": ()}
    return headers[panel.arm_kind]


def arm_totals(panel: ForestPanel) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """RevMan's total row under the arm columns: events and participants of each arm (counts only)."""
    if panel.arm_kind not in ("counts", "groups") or panel.pooled is None or any(row.arms is None for row in panel.rows):
        return None
    sums = []
    for side in (0, 1):
        arms = [row.arms[side] for row in panel.rows if row.arms is not None]
        total = str(sum(arm.n for arm in arms))
        sums.append((str(sum(arm.events or 0 for arm in arms)), total) if panel.arm_kind == "counts" else ("", "", total))
    return sums[0], sums[1]


def interval_label(panel: ForestPanel, estimate: float, low: float, high: float) -> str:
    """``estimate [low, high]`` to two decimals on the natural scale (metafor's default digits)."""
    return interval_text(panel.scale, estimate, low, high)


def weight_label(weight: float | None) -> str:
    return "" if weight is None else f"{100 * weight:.1f}%"


def p_label(p: float | None) -> str:
    if p is None:
        return "p = n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def heterogeneity_line(pooled: PooledEffect) -> str:
    """``Heterogeneity: τ² = 0.026, I² = 69.0%, Q = 9.85 (df = 3, p = 0.020)``, and, when the restricted
    likelihood had more than one maximum, ``; REML: the global one of 2 likelihood maxima``."""
    line = (
        f"Heterogeneity: τ² = {pooled.tau2:.3f}, I² = {100 * pooled.i2:.1f}%, "
        f"Q = {pooled.q:.2f} (df = {pooled.df}, {p_label(pooled.q_p)})"
    )
    if len(pooled.likelihood_maxima) > 1:
        line += f"; REML: the global one of {len(pooled.likelihood_maxima)} likelihood maxima"
    return line


def methods_line(pooled: PooledEffect) -> str:
    return f"Random-effects model: {pooled.methods.describe()}"
