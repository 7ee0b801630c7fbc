"""The rating engine's result contract (rating.results) as reports read it. Added for the mutation run of issue 21."""

from __future__ import annotations

from kinship_evidence.rating.results import DRIFT_ACKNOWLEDGED, DRIFT_NONE, DriftStatus


def test_drift_status_as_a_dict_for_the_json_reports() -> None:
    assert DriftStatus(DRIFT_ACKNOWLEDGED, "a newer trial").as_dict() == {"status": "acknowledged", "reason": "a newer trial"}
    assert DriftStatus(DRIFT_NONE).as_dict() == {"status": "none", "reason": None}
