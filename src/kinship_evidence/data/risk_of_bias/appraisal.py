"""One appraisal (a ``risk_of_bias`` block) checked as a whole: every problem as a finding.

:func:`derive_appraisal` resolves each domain's judgement (from RoB 2 signalling answers
where a domain has them, else as stated) and the overall judgement;
:func:`check_stated_overall` compares a stated overall with the derived one; and
:func:`appraise` does both for a whole ``risk_of_bias`` mapping as read from YAML.
Nothing here raises for bad input: problems come back as :class:`AppraisalFinding`
values, so a validator can show them all at once.

Choices: when a domain has both a stated judgement and answers, the judgement from the
answers is used and a disagreement is a finding (``domain-disagrees``). When a domain's
answers cannot be judged (an invalid or missing answer), the stated judgement, if any,
is used instead. A stated overall may differ from the derived one only with an
``override_reason``; when the derived overall is undetermined (see
:mod:`.overall`) a stated overall is accepted as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any

from kinship_evidence.data.risk_of_bias.errors import (
    AppraisalError,
    InvalidAnswerError,
    MissingAnswerError,
    UnknownQuestionError,
    allowed,
)
from kinship_evidence.data.risk_of_bias.overall import (
    OverallJudgement,
    describe_domains,
    overall_judgement,
    too_favourable,
)
from kinship_evidence.data.risk_of_bias.rob2_algorithm import check_rob2_answers, rob2_domain_assessment
from kinship_evidence.data.risk_of_bias.rob2_questions import (
    NOT_APPLICABLE,
    QUESTION_IDS,
    SIGNALLING_QUESTIONS,
    domain_of_question,
)
from kinship_evidence.data.risk_of_bias.vocabulary import (
    DOMAINS,
    EXTERNAL,
    EXTERNAL_RATINGS,
    JUDGEMENTS,
    ROB1,
    ROB2,
    ROBINS_I,
    TOOLS,
    TOOLS_WITH_DOMAINS,
)
from kinship_evidence.frozen import frozen
from kinship_evidence.suggestions import did_you_mean, quoted

WHOLE = ""
"""The ``domain`` of a finding about the appraisal as a whole."""
OVERALL = "overall"
"""The ``domain`` of a finding about the overall judgement."""


@frozen(slots=True)
class AppraisalFinding:
    """One problem: the domain slug it concerns (or ``""`` / ``"overall"``), a message, a rule slug."""

    domain: str
    message: str
    rule: str
    field: str = ""  # the part of the block it concerns, e.g. 'answers."1.1"' or "rating" ("": by domain)


@frozen(slots=True)
class DerivedAppraisal:
    """Resolved domain judgements (every domain of the tool, ``None`` = not judged), overall, findings."""

    tool: str
    domains: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    from_answers: tuple[str, ...] = ()
    overall: OverallJudgement | None = None
    findings: tuple[AppraisalFinding, ...] = ()


_RULES: dict[type[AppraisalError], str] = {
    MissingAnswerError: "missing-answer",
    UnknownQuestionError: "unknown-question",
    InvalidAnswerError: "invalid-answer",
}


_QUESTION_RANGES = allowed([f"{ids[0]}-{ids[-1]}" for ids in QUESTION_IDS.values()])
"""``"1.1-1.3, 2.1-2.7, ... or 5.1-5.3"``."""


def _rule(error: AppraisalError) -> str:
    return _RULES.get(type(error), "invalid-appraisal")


def key_path(section: str, key: object) -> str:
    """``answers."1.1"``: a key of ``domains`` or ``answers`` as a field path (quoted when it holds a dot)."""
    text = str(key)
    return f'{section}."{text}"' if "." in text or '"' in text else f"{section}.{text}"


def _answer_field(error: AppraisalError) -> str:
    return key_path("answers", error.question) if error.question else ""


def _stated_domains(tool: str, domains: Any, findings: list[AppraisalFinding]) -> dict[str, str]:
    if domains is None:
        return {}
    if not isinstance(domains, Mapping):
        findings.append(AppraisalFinding(WHOLE, "domains must map domain names to judgements", "domains-not-mapping"))
        return {}
    slugs, values, stated = DOMAINS[tool], JUDGEMENTS[tool], {}
    for slug, value in domains.items():
        if slug not in slugs:
            message = f"{quoted(slug)} is not a {tool} domain; use {allowed(slugs)}{did_you_mean(slug, slugs)}"
            findings.append(AppraisalFinding(str(slug), message, "unknown-domain", key_path("domains", slug)))
        elif value not in values:
            message = f"{tool} {slug}: judgement {quoted(value)} is not allowed; use {allowed(values)}{did_you_mean(value, values)}"
            findings.append(AppraisalFinding(slug, message, "invalid-judgement", key_path("domains", slug)))
        else:
            stated[slug] = value
    return stated


def _answers_by_domain(answers: Any, findings: list[AppraisalFinding]) -> dict[str, dict[str, str]]:
    """Valid answers grouped by domain; a domain with any invalid answer is left out."""
    if not isinstance(answers, Mapping):
        message = 'answers must map question ids ("1.1") to answers'
        findings.append(AppraisalFinding(WHOLE, message, "answers-not-mapping"))
        return {}
    grouped: dict[str, dict[str, str]] = {}
    spoiled: set[str] = set()
    for question_id, answer in answers.items():
        domain = domain_of_question(question_id) if isinstance(question_id, str) else None
        if domain is None:
            hint = "" if isinstance(question_id, str) else ' (write question ids in quotes, e.g. "1.1")'
            message = f"{question_id!r} is not a RoB 2 signalling question; use {_QUESTION_RANGES}{hint}"
            findings.append(AppraisalFinding(WHOLE, message, "unknown-question", key_path("answers", question_id)))
            continue
        try:
            check_rob2_answers(domain, {question_id: answer})
        except AppraisalError as error:
            findings.append(AppraisalFinding(domain, str(error), _rule(error), key_path("answers", question_id)))
            spoiled.add(domain)
            continue
        grouped.setdefault(domain, {})[question_id] = answer
    return {domain: group for domain, group in grouped.items() if domain not in spoiled}


def _judge_from_answers(
    domain: str, answers: Mapping[str, str], stated: str | None, findings: list[AppraisalFinding]
) -> str | None:
    """The algorithm's judgement, with findings for disagreement and unused conditional answers."""
    try:
        assessment = rob2_domain_assessment(domain, answers)
    except AppraisalError as error:
        findings.append(AppraisalFinding(domain, str(error), _rule(error), _answer_field(error)))
        return None
    for question_id in assessment.unused:
        question = SIGNALLING_QUESTIONS[question_id]
        if question.asked_if:
            message = (
                f"RoB 2 {domain}: {question_id} is answered {answers[question_id]!r} but is asked only if"
                f" {question.asked_if}; the answer is not used (answer {NOT_APPLICABLE} or leave it out)"
            )
            findings.append(AppraisalFinding(domain, message, "unused-answer", key_path("answers", question_id)))
    if stated is not None and stated != assessment.judgement:
        message = (
            f"RoB 2 {domain} is stated {stated!r} but its answers give {assessment.judgement!r}"
            f" ({assessment.basis}); the judgement from the answers is used"
        )
        findings.append(AppraisalFinding(domain, message, "domain-disagrees", key_path("domains", domain)))
    return assessment.judgement


def derive_appraisal(tool: str, domains: Any = None, answers: Any = None) -> DerivedAppraisal:
    """Each domain's judgement and the overall, for ``rob2``, ``robins-i`` or ``rob1``."""
    findings: list[AppraisalFinding] = []
    if tool not in TOOLS_WITH_DOMAINS:
        message = f"tool {tool!r} has no domains to judge; use {allowed(TOOLS_WITH_DOMAINS)}"
        return DerivedAppraisal(str(tool), findings=(AppraisalFinding(WHOLE, message, "unknown-tool"),))
    stated = _stated_domains(tool, domains, findings)
    grouped: dict[str, dict[str, str]] = {}
    if answers is not None and tool != ROB2:
        message = f"answers are RoB 2 signalling answers; tool {tool} takes domain judgements only"
        findings.append(AppraisalFinding(WHOLE, message, "answers-need-rob2"))
    elif answers is not None:
        grouped = _answers_by_domain(answers, findings)
    resolved: dict[str, str | None] = {}
    from_answers: list[str] = []
    for slug in DOMAINS[tool]:
        judgement = None
        if slug in grouped:
            judgement = _judge_from_answers(slug, grouped[slug], stated.get(slug), findings)
            if judgement is not None:
                from_answers.append(slug)
        resolved[slug] = judgement if judgement is not None else stated.get(slug)
    overall = overall_judgement(tool, resolved)
    return DerivedAppraisal(tool, MappingProxyType(resolved), tuple(from_answers), overall, tuple(findings))


_SHORT_NAMES = {ROB2: "RoB 2", ROBINS_I: "ROBINS-I", ROB1: "RoB 1"}


def _too_favourable(tool: str, stated: str, domains: Mapping[str, str | None], has_reason: bool) -> AppraisalFinding | None:
    bound = too_favourable(tool, stated, domains)
    if bound is None:
        return None
    worst, which = bound
    judged = "is" if len(which) == 1 else "are"
    reason = "; an override_reason may make an overall worse, never better" if has_reason else ""
    message = (
        f"overall is stated {stated!r}, more favourable than {describe_domains(tool, which)}, which {judged} judged"
        f" {worst!r}: a {_SHORT_NAMES[tool]} overall is never better than its worst domain; state {worst!r} or worse{reason}"
    )
    return AppraisalFinding(OVERALL, message, "overall-too-favourable")


def check_stated_overall(
    tool: str,
    derived: OverallJudgement | None,
    stated: Any,
    override_reason: Any = None,
    domains: Mapping[str, str | None] | None = None,
) -> tuple[AppraisalFinding, ...]:
    """Findings for a stated overall that is invalid, better than ``domains`` allow, or differs from
    ``derived`` without a reason."""
    has_reason = isinstance(override_reason, str) and override_reason.strip() != ""
    if stated is None:
        if has_reason:
            message = "override_reason is given but no overall is stated"
            return (AppraisalFinding(OVERALL, message, "override-unneeded"),)
        return ()
    values = JUDGEMENTS.get(tool, ()) if isinstance(tool, str) else ()
    if stated not in values:
        message = f"overall {quoted(stated)} is not a {tool} judgement; use {allowed(values)}{did_you_mean(stated, values)}"
        return (AppraisalFinding(OVERALL, message, "invalid-judgement"),)
    better = _too_favourable(tool, stated, domains or {}, has_reason)
    if better is not None:  # whether or not the derived overall is determined, and whatever the reason
        return (better,)
    if derived is None or derived.overall is None:
        return ()
    if stated == derived.overall:
        if has_reason:
            message = f"override_reason is given but the stated overall {stated!r} equals the derived one"
            return (AppraisalFinding(OVERALL, message, "override-unneeded"),)
        return ()
    if has_reason:
        return ()
    message = (
        f"overall is stated {stated!r} but the domain judgements give {derived.overall!r} ({derived.basis});"
        " correct it, or give override_reason to keep it"
    )
    return (AppraisalFinding(OVERALL, message, "overall-disagrees"),)


_EXTERNAL_ONLY = ("body", "rating")
"""Fields of ``tool: external`` only."""


def _appraise_external(block: Mapping[str, Any]) -> DerivedAppraisal:
    findings: list[AppraisalFinding] = []
    rating, body = block.get("rating"), block.get("body")
    if rating not in EXTERNAL_RATINGS:
        hint = did_you_mean(rating, EXTERNAL_RATINGS)
        message = f"external rating {quoted(rating)} is not allowed; use {allowed(EXTERNAL_RATINGS)}{hint}"
        findings.append(AppraisalFinding(WHOLE, message, "invalid-rating"))
    if not isinstance(body, str) or not body.strip():
        message = "external rating needs body: the clearinghouse that rated the study"
        findings.append(AppraisalFinding(WHOLE, message, "missing-body"))
    for key in ("domains", "answers", "overall", "override_reason"):
        if block.get(key) is not None:
            message = f"tool external takes body and rating, not {key}"
            findings.append(AppraisalFinding(WHOLE, message, "external-has-no-domains", key))
    return DerivedAppraisal(EXTERNAL, findings=tuple(findings))


def appraise(block: Mapping[str, Any]) -> DerivedAppraisal:
    """Derive and check a whole ``risk_of_bias`` mapping (``tool``, ``domains``, ``answers``, ``overall``...)."""
    if not isinstance(block, Mapping):
        message = "risk_of_bias must be a mapping with tool, source and domains (or body and rating)"
        return DerivedAppraisal("", findings=(AppraisalFinding(WHOLE, message, "not-a-mapping"),))
    tool = block.get("tool")
    if tool == EXTERNAL:
        return _appraise_external(block)
    if tool not in TOOLS:
        message = f"tool {quoted(tool)} is not a risk-of-bias tool; use {allowed(TOOLS)}{did_you_mean(tool, TOOLS)}"
        return DerivedAppraisal(str(tool), findings=(AppraisalFinding(WHOLE, message, "unknown-tool"),))
    derived = derive_appraisal(tool, block.get("domains"), block.get("answers"))
    overall_findings = check_stated_overall(
        tool, derived.overall, block.get("overall"), block.get("override_reason"), derived.domains
    )
    foreign = tuple(
        AppraisalFinding(
            WHOLE, f"{key} belongs to tool external (a clearinghouse's rating); tool {tool} takes domains"
            f"{', answers' if tool == ROB2 else ''}, overall and override_reason: remove {key}, or use tool: external",
            "field-of-another-tool", key,
        )
        for key in _EXTERNAL_ONLY if block.get(key) is not None
    )
    return DerivedAppraisal(
        derived.tool, derived.domains, derived.from_answers, derived.overall, foreign + derived.findings + overall_findings
    )
