"""The effect axis: its ticks cover every interval drawn, and read as a reviewer expects."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinship_evidence.reports.forest.axis import MAX_TICKS, axis_ticks, log_ticks, tick_label


def test_ratio_ticks_are_revman_like_and_cover_the_intervals():
    # forest-four-trials, permanence: CIs from 0.72 to 1.72, prediction interval to 2.03
    assert log_ticks(0.72, 2.03) == [0.7, 1, 1.5, 2, 3]
    assert log_ticks(0.05, 12) == [0.05, 0.2, 1, 5, 20]
    assert log_ticks(0.001, 2000) == [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000]


def test_difference_ticks_are_round_and_cover_the_intervals():
    ticks = axis_ticks([-0.03, 0.6, 0.11, 0.5], is_ratio=False)
    assert ticks == [-0.2, 0.0, 0.2, 0.4, 0.6]
    assert [tick_label(t, ticks) for t in ticks] == ["-0.2", "0.0", "0.2", "0.4", "0.6"]
    assert tick_label(2.0, [0.0, 2.0, 4.0]) == "2"


@given(
    st.lists(st.floats(-8, 8, allow_nan=False), min_size=1, max_size=12),
    st.booleans(),
)
def test_every_value_and_no_effect_lie_within_the_first_and_last_tick(values, is_ratio):
    ticks = axis_ticks(values, is_ratio)
    assert ticks == sorted(ticks) and len(set(ticks)) == len(ticks)
    slack = 1e-9 * max(1.0, ticks[-1] - ticks[0])  # a limit within 1e-9 of a tick step counts as on it
    assert ticks[0] <= min(*values, 0.0) + slack and ticks[-1] >= max(*values, 0.0) - slack
    assert len(ticks) <= MAX_TICKS + 2  # decades beyond the ladders may take one more


@pytest.mark.parametrize("low, high", [(0.9, 1.1), (0.5, 2.0), (0.2, 5.0)])
def test_one_is_a_tick_of_every_ratio_axis(low, high):
    assert any(math.isclose(tick, 1.0) for tick in log_ticks(low, high))
