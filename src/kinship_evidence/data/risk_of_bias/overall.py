"""Overall risk-of-bias judgements from domain judgements, for RoB 2, ROBINS-I and RoB 1.

Rules, in the tools' own words:

* **RoB 2** (Sterne et al. 2019 BMJ 366:l4898, and the "Overall risk of bias" criteria of
  the full guidance, 22 Aug 2019): *low* when the result is at low risk of bias in all
  domains; *some concerns* when some concerns are raised in at least one domain but no
  domain is at high risk; *high* when at high risk in at least one domain, **or** when
  some concerns in multiple domains substantially lower confidence in the result. The
  last is a reviewer's judgement: it is reported in ``notes``, never applied here (a
  reviewer states ``overall: high`` with an ``override_reason``).
* **ROBINS-I** (Sterne et al. 2016 BMJ 355:i4919, Table 3, overall judgement): *low* if
  low in all domains; *moderate* if low or moderate in all; *serious* if serious in at
  least one and critical in none; *critical* if critical in at least one; *no
  information* where there is no clear indication of serious or critical risk and
  information is lacking in one or more key domains. Here every domain judged
  ``no-information`` is taken as lacking in a key domain; a reviewer who judges that
  domain not key states the overall with an ``override_reason``.
* **RoB 1** (Cochrane Handbook 5.1.0, Table 8.7.a, summary assessment within a study):
  *low* if low for all key domains; *unclear* if unclear for one or more key domains
  (and, as the table's order implies, high for none); *high* if high for one or more key
  domains. All seven domains are key unless ``key_domains`` says otherwise.

**Domains not judged** (absent, or ``None``). An overall judgement is derived only when
it cannot change whatever the missing domains turn out to be: RoB 2 and RoB 1 are
*high* as soon as one (key) domain is high, and ROBINS-I *critical* as soon as one
domain is critical. Otherwise the overall is ``None`` (undetermined), with the missing
domains named in ``basis``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kinship_evidence.data.risk_of_bias.errors import InvalidJudgementError, UnknownDomainError, allowed
from kinship_evidence.data.risk_of_bias.vocabulary import (
    DOMAIN_HEADERS,
    DOMAINS,
    JUDGEMENTS,
    ROB1,
    ROB2,
    ROBINS_I,
    TOOLS_WITH_DOMAINS,
)
from kinship_evidence.frozen import frozen


@frozen(slots=True)
class OverallJudgement:
    """A derived overall judgement: ``overall`` (``None`` when undetermined), why, and notes."""

    tool: str
    overall: str | None
    basis: str
    notes: tuple[str, ...] = ()


def _names(tool: str, domains: Iterable[str]) -> str:
    """``"D1 randomisation and D3 missing-data"``."""
    return allowed([f"{DOMAIN_HEADERS[tool][slug]} {slug}" for slug in domains], "and")


def _judged(tool: str, judgements: Mapping[str, str | None]) -> dict[str, str]:
    """The judged domains, in the tool's order; raises on an unknown domain or value."""
    slugs, values = DOMAINS[tool], JUDGEMENTS[tool]
    for slug, value in judgements.items():
        if slug not in slugs:
            raise UnknownDomainError(f"{slug!r} is not a {tool} domain; use {allowed(slugs)}", domain=str(slug))
        if value is not None and value not in values:
            raise InvalidJudgementError(
                f"{tool} {slug}: judgement {value!r} is not allowed; use {allowed(values)}", domain=slug
            )
    return {slug: value for slug in slugs if (value := judgements.get(slug)) is not None}


def _with(judged: Mapping[str, str], value: str) -> list[str]:
    return [slug for slug, judgement in judged.items() if judgement == value]


def _undetermined(
    tool: str, missing: list[str], notes: tuple[str, ...] = (), needed: str = "every domain"
) -> OverallJudgement:
    basis = f"undetermined: {_names(tool, missing)} not judged; the overall needs {needed}"
    return OverallJudgement(tool, None, basis, notes)


def rob2_overall(judgements: Mapping[str, str | None]) -> OverallJudgement:
    """RoB 2 overall judgement from domain judgements (``low | some-concerns | high``)."""
    judged = _judged(ROB2, judgements)
    missing = [slug for slug in DOMAINS[ROB2] if slug not in judged]
    high, concerns = _with(judged, "high"), _with(judged, "some-concerns")
    notes: tuple[str, ...] = ()
    if len(concerns) > 1:
        note = (
            f"some concerns in {len(concerns)} domains ({_names(ROB2, concerns)}): RoB 2 lets a reviewer judge"
            " the result at high risk of bias when some concerns in multiple domains substantially lower"
            " confidence in the result (state overall: high with an override_reason)"
        )
        notes = (note,)
    if high:
        return OverallJudgement(ROB2, "high", f"high risk of bias in {_names(ROB2, high)}", notes)
    if missing:
        return _undetermined(ROB2, missing, notes)
    if concerns:
        return OverallJudgement(ROB2, "some-concerns", f"some concerns in {_names(ROB2, concerns)}, none high", notes)
    return OverallJudgement(ROB2, "low", "low risk of bias in all five domains")


def robins_i_overall(judgements: Mapping[str, str | None]) -> OverallJudgement:
    """ROBINS-I overall judgement (``low | moderate | serious | critical | no-information``)."""
    judged = _judged(ROBINS_I, judgements)
    missing = [slug for slug in DOMAINS[ROBINS_I] if slug not in judged]
    critical, serious = _with(judged, "critical"), _with(judged, "serious")
    no_information, moderate = _with(judged, "no-information"), _with(judged, "moderate")
    if critical:
        return OverallJudgement(ROBINS_I, "critical", f"critical risk of bias in {_names(ROBINS_I, critical)}")
    if missing:
        return _undetermined(ROBINS_I, missing)
    if serious:
        return OverallJudgement(
            ROBINS_I, "serious", f"serious risk of bias in {_names(ROBINS_I, serious)}, none critical"
        )
    if no_information:
        which = _names(ROBINS_I, no_information)
        is_not = "is not a key domain" if len(no_information) == 1 else "are not key domains"
        note = (
            "ROBINS-I gives 'no information' when information is lacking in one or more key domains;"
            f" if {which} {is_not}, state the overall with an override_reason"
        )
        return OverallJudgement(
            ROBINS_I,
            "no-information",
            f"no information in {_names(ROBINS_I, no_information)}, no serious or critical risk",
            (note,),
        )
    if moderate:
        return OverallJudgement(
            ROBINS_I, "moderate", f"moderate risk of bias in {_names(ROBINS_I, moderate)}, the rest low"
        )
    return OverallJudgement(ROBINS_I, "low", "low risk of bias in all seven domains")


def rob1_overall(
    judgements: Mapping[str, str | None], key_domains: Iterable[str] | None = None
) -> OverallJudgement:
    """RoB 1 summary within a study (``low | unclear | high``) over ``key_domains`` (default: all)."""
    judged = _judged(ROB1, judgements)
    keys = DOMAINS[ROB1] if key_domains is None else tuple(key_domains)
    if not keys:
        raise UnknownDomainError(f"key_domains names no domain; use some of {allowed(DOMAINS[ROB1], 'and')}")
    _judged(ROB1, dict.fromkeys(keys))  # unknown key domains raise
    key_judged = {slug: value for slug, value in judged.items() if slug in keys}
    missing = [slug for slug in DOMAINS[ROB1] if slug in keys and slug not in key_judged]
    high, unclear = _with(key_judged, "high"), _with(key_judged, "unclear")
    ignored_high = [slug for slug in _with(judged, "high") if slug not in keys]
    notes = (f"high risk in {_names(ROB1, ignored_high)} is not counted: not a key domain",) if ignored_high else ()
    scope = "all key domains" if key_domains is not None else "all seven domains"
    if high:
        return OverallJudgement(ROB1, "high", f"high risk of bias in {_names(ROB1, high)}", notes)
    if missing:
        return _undetermined(ROB1, missing, notes, "every key domain")
    if unclear:
        return OverallJudgement(ROB1, "unclear", f"unclear risk of bias in {_names(ROB1, unclear)}, none high", notes)
    return OverallJudgement(ROB1, "low", f"low risk of bias in {scope}", notes)


RANKED: dict[str, tuple[str, ...]] = {
    ROB2: ("low", "some-concerns", "high"),
    ROBINS_I: ("low", "moderate", "serious", "critical"),  # no-information is no rank (vocabulary)
    ROB1: ("low", "unclear", "high"),
}
"""Each tool's judgements that are levels of risk, best first."""


def most_favourable_overall(tool: str, judgements: Mapping[str, str | None]) -> tuple[str, tuple[str, ...]] | None:
    """The most favourable overall the tool allows from the judged domains, and the domains that set it.

    Every tool's overall is at least as bad as its worst judged domain (RoB 2: "some concerns in
    at least one domain" / "high in at least one"; ROBINS-I: "serious in at least one", ...; RoB 1:
    "unclear" or "high for one or more key domains", every domain key here). ``None`` when no
    domain is judged worse than the best level (any overall is possible). A reviewer's
    ``override_reason`` may make an overall worse than this, never better.
    """
    ranked = RANKED.get(tool)
    if ranked is None:
        return None
    levels = [(ranked.index(value), slug) for slug, value in judgements.items() if value in ranked]
    worst = max((rank for rank, _ in levels), default=0)
    if worst == 0:
        return None
    return ranked[worst], tuple(slug for slug in DOMAINS[tool] if (worst, slug) in levels)


def too_favourable(tool: str, stated: object, judgements: Mapping[str, str | None]) -> tuple[str, tuple[str, ...]] | None:
    """The bound of :func:`most_favourable_overall` when ``stated`` is a level better than it, else ``None``."""
    bound = most_favourable_overall(tool, judgements)
    ranked = RANKED.get(tool, ())
    if bound is None or stated not in ranked:
        return None
    return bound if ranked.index(str(stated)) < ranked.index(bound[0]) else None


def describe_domains(tool: str, domains: Iterable[str]) -> str:
    """``"D1 randomisation and D3 missing-data"``."""
    return _names(tool, domains)


def overall_judgement(tool: str, judgements: Mapping[str, str | None]) -> OverallJudgement:
    """The overall judgement of ``tool`` (``rob2``, ``robins-i`` or ``rob1``) from domain judgements."""
    if tool == ROB2:
        return rob2_overall(judgements)
    if tool == ROBINS_I:
        return robins_i_overall(judgements)
    if tool == ROB1:
        return rob1_overall(judgements)
    raise UnknownDomainError(f"{tool!r} has no domain judgements to combine; use {allowed(TOOLS_WITH_DOMAINS)}")
