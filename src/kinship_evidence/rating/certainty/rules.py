"""The certainty rules of a rule set (``certainty:`` in ``rule_sets/*.yaml``), as parameters.

Every threshold is a parameter here; :meth:`CertaintyRules.describe` gives each rule in words
from its parameters, for the README, ``explain`` and the rule set's comments to agree.
"""

from typing import Annotated, Literal

from pydantic import Field

from kinship_evidence.data.models import Design, StrictModel
from kinship_evidence.stats.methods import PREDICTION_METHODS

Share = Annotated[float, Field(ge=0, le=1)]
#: The prediction intervals inconsistency can judge: every method but "none", which gives no interval.
JUDGED_PREDICTIONS = tuple(method for method in PREDICTION_METHODS if method != "none")


class RiskOfBiasRule(StrictModel):
    """Scores low 0, some concerns 1, high 2, weighted by each study's share of the information."""

    unappraised_score: Annotated[float, Field(ge=0, le=2)] = Field(
        default=1, description="The score of a study with no recorded appraisal (1: as some concerns, unknown is not low)."
    )
    down_one_at: Annotated[float, Field(gt=0, le=2)] = Field(
        default=0.5, description="Weighted mean score from which to rate down one level."
    )
    down_two_at: Annotated[float, Field(gt=0, le=2)] = Field(
        default=1.5, description="Weighted mean score from which to rate down two levels."
    )


class InconsistencyRule(StrictModel):
    min_studies: Annotated[int, Field(ge=2)] = 3
    serious_i2: Share = Field(
        default=0.5, description="I^2 (a fraction) from which a prediction interval crossing no effect rates down one."
    )
    very_serious_i2: Share = Field(default=0.75, description="I^2 from which it rates down two.")
    prediction: Literal[JUDGED_PREDICTIONS] = Field(  # type: ignore[valid-type]
        default="t-k1", description="The prediction interval judged: z, t-k1 or t-k2 (whatever the pooling's)."
    )


class IndirectnessRule(StrictModel):
    down_one_share: Share = Field(
        default=0.5, description="Share of information from studies outside the rule set's countries that rates down one."
    )


class ImprecisionRule(StrictModel):
    """Guyatt et al. 2011, GRADE guidelines 6 (J Clin Epidemiol 64:1283-1293)."""

    continuous_ois: Annotated[int, Field(ge=1)] = Field(
        default=400, description="Optimal information size, participants, for continuous outcomes (GRADE 6 rule of thumb)."
    )
    relative_risk_reduction: Annotated[float, Field(gt=0, lt=1)] = Field(
        default=0.25, description="The relative risk reduction the binary OIS is powered for (GRADE 6: 25%)."
    )
    alpha: Annotated[float, Field(gt=0, lt=1)] = 0.05
    power: Annotated[float, Field(gt=0, lt=1)] = 0.8


class PublicationBiasRule(StrictModel):
    min_studies: Annotated[int, Field(ge=3)] = Field(
        default=10, description="Egger's test only with this many pooled studies (Cochrane Handbook 13.3.5.4)."
    )
    p_below: Annotated[float, Field(gt=0, lt=1)] = Field(default=0.10, description="Egger's p below this rates down one.")


class LargeEffectRule(StrictModel):
    """GRADE 9 (Guyatt et al. 2011, J Clin Epidemiol 64:1311-1316): a large effect in non-randomised evidence."""

    enabled: bool = True
    up_one_ratio: Annotated[float, Field(gt=1)] = Field(
        default=2.0, description="OR or RR beyond this (or below its inverse) rates up one."
    )
    up_two_ratio: Annotated[float, Field(gt=1)] = Field(default=5.0, description="Beyond this, up two.")


class CertaintyRules(StrictModel):
    randomised: Annotated[list[Design], Field(min_length=1)] = Field(
        default_factory=lambda: ["rct", "cluster-rct"],  # type: ignore[arg-type]
        description="Designs whose evidence starts high; the others start low.",
    )
    robins_i_starts_high: bool = Field(
        default=False,
        description="Non-randomised studies appraised with ROBINS-I start high (GRADE's 2024 option); default: they start low.",
    )
    risk_of_bias: RiskOfBiasRule = RiskOfBiasRule()
    inconsistency: InconsistencyRule = InconsistencyRule()
    indirectness: IndirectnessRule = IndirectnessRule()
    imprecision: ImprecisionRule = ImprecisionRule()
    publication_bias: PublicationBiasRule = PublicationBiasRule()
    large_effect: LargeEffectRule = LargeEffectRule()

    def describe(self) -> dict[str, str]:
        """Each rule in words, by GRADE domain key (and ``start``, ``large_effect``)."""
        rob, inc, ind, imp, pub, big = (
            self.risk_of_bias, self.inconsistency, self.indirectness, self.imprecision, self.publication_bias, self.large_effect,
        )
        return {
            "start": (
                f"high when studies of randomised designs ({', '.join(self.randomised)}) carry most of the information, "
                "else low" + ("; ROBINS-I-appraised studies count as starting high" if self.robins_i_starts_high else "")
            ),
            "risk_of_bias": (
                f"each study scored low 0, some concerns 1, high 2 (not appraised: {rob.unappraised_score:g}), "
                f"averaged with its share of the pooled weight (of participants when not pooled); "
                f"-1 from {rob.down_one_at:g}, -2 from {rob.down_two_at:g}"
            ),
            "inconsistency": (
                f"not assessable below {inc.min_studies} studies; -1 when I^2 >= {inc.serious_i2:.0%} and the "
                f"prediction interval ({inc.prediction}) crosses no effect, -2 when I^2 >= {inc.very_serious_i2:.0%}; "
                "a narrative synthesis: -1 when studies point both ways"
            ),
            "indirectness": (
                f"-1 when studies outside the rule set's countries carry more than {ind.down_one_share:.0%} of the "
                "information; otherwise not assessed: reviewer judgement"
            ),
            "imprecision": (
                "one level for a 95% CI that includes no effect (with a MID: each of -MID and +MID inside the CI), "
                f"one for information below the OIS (continuous: {imp.continuous_ois} participants; binary: the events "
                f"of a two-arm trial powered {imp.power:.0%} at alpha {imp.alpha:g} for a {imp.relative_risk_reduction:.0%} "
                "relative risk reduction from the comparator risk); at most -2"
            ),
            "publication_bias": (
                f"Egger's regression test with at least {pub.min_studies} pooled studies, -1 when p < {pub.p_below:g}; "
                "otherwise not assessable"
            ),
            "large_effect": (
                f"+1 for a pooled OR or RR beyond {big.up_one_ratio:g} (or below 1/{big.up_one_ratio:g}) with its CI "
                f"clear of 1, +2 beyond {big.up_two_ratio:g}, only for evidence that starts low and is rated down in "
                "no domain" if big.enabled else "not used"
            ),
        }
