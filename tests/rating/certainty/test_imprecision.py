"""The binary optimal information size by hand (GRADE 6: alpha 0.05, power 80%, RRR 25%)."""

from __future__ import annotations

import pytest

from kinship_evidence.rating.certainty.imprecision import binary_ois_events
from kinship_evidence.rating.certainty.rules import ImprecisionRule


def test_binary_ois_at_a_comparator_risk_of_20_percent() -> None:
    # p1 = 0.15; z = 1.959964 + 0.841621 = 2.801585, z^2 = 7.848879;
    # n per arm = 7.848879 * (0.16 + 0.1275) / 0.05^2 = 902.62; events = 902.62 * 0.35 = 315.92
    assert binary_ois_events(0.2, ImprecisionRule()) == pytest.approx(315.917, abs=1e-3)


def test_binary_ois_at_a_comparator_risk_of_5_percent() -> None:
    # p0 = 0.05, p1 = 0.0375: n per arm = 7.848879 * (0.0475 + 0.0360938) / 0.0125^2 = 4,199.15;
    # events = 4,199.15 * 0.0875 = 367.43
    assert binary_ois_events(0.05, ImprecisionRule()) == pytest.approx(367.43, abs=0.01)
