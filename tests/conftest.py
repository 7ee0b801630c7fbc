

# --- Rating-engine helpers (test_rating_tiers, test_frameworks, test_synthesis, test_explain,
# test_cli_rate). Studies are built as the data format gives them, then validated by the models.
import types as _rating_types

import pytest as _rating_pytest


def _rating_outcome(domain="carer-wellbeing", favourable="higher", **form):
    return {"domain": domain, "description": f"{domain} outcome", "favourable": favourable, **form}


def _rating_effect(measure, estimate, se, **outcome):
    """A reported effect (ratio measures on the natural scale, se of the log ratio)."""
    return _rating_outcome(measure=measure, effect={"estimate": estimate, "se": se}, **outcome)


def _rating_counts(measure, events_t, n_t, events_c, n_c, **outcome):
    arms = {"intervention": {"events": events_t, "n": n_t}, "control": {"events": events_c, "n": n_c}}
    return _rating_outcome(measure=measure, counts=arms, **outcome)


def _rating_groups(n_t, n_c, mean_t=12.0, mean_c=10.0, sd=4.0, measure="smd", **outcome):
    arms = {"intervention": {"mean": mean_t, "sd": sd, "n": n_t}, "control": {"mean": mean_c, "sd": sd, "n": n_c}}
    return _rating_outcome(measure=measure, groups=arms, **outcome)


def _rating_finding(finding, **outcome):
    return _rating_outcome(finding=finding, **outcome)


def _rating_study(study_id, *outcomes, **fields):
    """A valid Study: a high-quality US RCT for recommendation ``rec`` unless ``fields`` say otherwise."""
    from kinship_evidence.models import Study

    data = {
        "id": study_id, "citation": f"{study_id} et al.", "year": 2010, "source": "https://example.org/" + study_id,
        "country": "US", "design": "rct", "quality": "high", "recommendations": ["rec"],
        "outcomes": list(outcomes),
    }
    data.update(fields)
    return Study.model_validate(data)


def _rating_rate(studies, framework="foundations-kinship-2024", outcomes=None, estimator="reml"):
    """Rate the one recommendation ``rec`` from ``studies`` under a bundled framework."""
    from kinship_evidence.frameworks import bundled_frameworks
    from kinship_evidence.models import Recommendation
    from kinship_evidence.rating import rate_recommendation

    rec = Recommendation.model_validate(
        {"id": "rec", "number": 1, "text": "A recommendation.", "outcomes": outcomes, "published_rating": "none"}
    )
    return rate_recommendation(rec, studies, bundled_frameworks()[framework], estimator)


def _rating_domain(rating, domain="carer-wellbeing"):
    return next(item for item in rating.domains if item.domain == domain)


@_rating_pytest.fixture
def rating_kit():
    """Builders for studies and outcomes, and ``rate`` for one recommendation ``rec``."""
    return _rating_types.SimpleNamespace(
        study=_rating_study, effect=_rating_effect, counts=_rating_counts, groups=_rating_groups,
        finding=_rating_finding, rate=_rating_rate, domain=_rating_domain,
    )


@_rating_pytest.fixture
def rating_cli():
    """Run the CLI in-process: ``rating_cli("rate", "--data", path)`` returns the Click result
    (``exit_code``, ``stdout``, ``stderr``); wide COLUMNS so Rich tables do not wrap."""
    from typer.testing import CliRunner

    from kinship_evidence.cli import app

    runner = CliRunner(env={"COLUMNS": "200", "GITHUB_ACTIONS": ""})

    def invoke(*args):
        return runner.invoke(app, [str(arg) for arg in args])

    return invoke
