"""Every risk-of-bias word list, defined once: tools, domains, judgements, labels, symbols.

Judgement values of each tool are listed **from best to worst**, so an index into
:data:`JUDGEMENTS` [tool] is a rank (0 = best). The external clearinghouse rating is
listed the same way (``high`` is the best rating of a study, the opposite sense of the
risk-of-bias tools' ``high``), so labels and symbols are always looked up per tool.

Text symbols for a traffic-light table that reads without colour (robvis-like, but
chosen to read alone; robvis itself draws coloured dots):

====== =============================================================
symbol meaning
====== =============================================================
``+``  best level: low risk of bias (RoB 2, ROBINS-I, RoB 1); external rating high
``!``  middle level: some concerns (RoB 2); moderate (ROBINS-I; external rating)
``x``  bad level: high risk (RoB 2, RoB 1); serious (ROBINS-I); external rating low
``xx`` critical risk of bias (ROBINS-I only; worse than ``x``)
``?``  no information (ROBINS-I) or unclear risk (RoB 1)
``-``  not assessed: the domain has no judgement (:data:`NOT_ASSESSED_SYMBOL`)
====== =============================================================

Sources: RoB 2, Sterne et al. 2019 BMJ 366:l4898; ROBINS-I, Sterne et al. 2016 BMJ
355:i4919 (Table 3, domain and overall judgements); RoB 1, Cochrane Handbook 5.1.0
(2011) Table 8.5.a (domains) and Table 8.7.a (summary assessment).
"""

from __future__ import annotations

ROB2 = "rob2"
ROBINS_I = "robins-i"
ROB1 = "rob1"
EXTERNAL = "external"

TOOLS: tuple[str, ...] = (ROB2, ROBINS_I, ROB1, EXTERNAL)
"""Every value of ``risk_of_bias.tool``."""

TOOLS_WITH_DOMAINS: tuple[str, ...] = (ROB2, ROBINS_I, ROB1)
"""Tools judged domain by domain (``external`` has one rating and no domains)."""

TOOL_LABELS: dict[str, str] = {
    ROB2: "Cochrane RoB 2 (randomised trials)",
    ROBINS_I: "ROBINS-I (non-randomised studies of interventions)",
    ROB1: "Cochrane risk-of-bias tool, version 1 (RoB 1)",
    EXTERNAL: "External clearinghouse rating",
}

TOOL_SHORT_LABELS: dict[str, str] = {ROB2: "RoB 2", ROBINS_I: "ROBINS-I", ROB1: "RoB 1", EXTERNAL: "external rating"}
"""Each tool's short name, in a sentence or as a column header (a forest plot's risk-of-bias panel)."""

# --- domains, in the tool's order --------------------------------------------------

DOMAINS: dict[str, tuple[str, ...]] = {
    ROB2: ("randomisation", "deviations", "missing-data", "measurement", "reporting"),
    ROBINS_I: (
        "confounding",
        "selection",
        "classification",
        "deviations",
        "missing-data",
        "measurement",
        "reporting",
    ),
    ROB1: (
        "sequence-generation",
        "allocation-concealment",
        "blinding-participants",
        "blinding-outcome-assessment",
        "incomplete-outcome-data",
        "selective-reporting",
        "other-bias",
    ),
    EXTERNAL: (),
}
"""Each tool's domain slugs (keys of ``risk_of_bias.domains``), in the tool's order."""

DOMAIN_LABELS: dict[str, dict[str, str]] = {
    ROB2: {
        "randomisation": "Bias arising from the randomisation process",
        "deviations": "Bias due to deviations from intended interventions (effect of assignment)",
        "missing-data": "Bias due to missing outcome data",
        "measurement": "Bias in measurement of the outcome",
        "reporting": "Bias in selection of the reported result",
    },
    ROBINS_I: {
        "confounding": "Bias due to confounding",
        "selection": "Bias in selection of participants into the study",
        "classification": "Bias in classification of interventions",
        "deviations": "Bias due to deviations from intended interventions",
        "missing-data": "Bias due to missing data",
        "measurement": "Bias in measurement of outcomes",
        "reporting": "Bias in selection of the reported result",
    },
    ROB1: {
        "sequence-generation": "Random sequence generation (selection bias)",
        "allocation-concealment": "Allocation concealment (selection bias)",
        "blinding-participants": "Blinding of participants and personnel (performance bias)",
        "blinding-outcome-assessment": "Blinding of outcome assessment (detection bias)",
        "incomplete-outcome-data": "Incomplete outcome data (attrition bias)",
        "selective-reporting": "Selective reporting (reporting bias)",
        "other-bias": "Other bias",
    },
    EXTERNAL: {},
}

DOMAIN_HEADERS: dict[str, dict[str, str]] = {
    tool: {slug: f"D{number}" for number, slug in enumerate(slugs, start=1)}
    for tool, slugs in DOMAINS.items()
}
"""Short column headers for a traffic-light table: ``D1``, ``D2``, ... in domain order."""

OVERALL_HEADER = "Overall"
EXTERNAL_RATING_HEADER = "Rating"

# --- judgement values, best to worst ---------------------------------------------

ROB2_JUDGEMENTS: tuple[str, ...] = ("low", "some-concerns", "high")
ROBINS_I_JUDGEMENTS: tuple[str, ...] = ("low", "moderate", "serious", "critical", "no-information")
"""ROBINS-I levels. ``no-information`` is listed last but is not a rank: it is not worse
than ``critical``; it means the level cannot be told (Sterne et al. 2016, Table 3)."""
ROB1_JUDGEMENTS: tuple[str, ...] = ("low", "unclear", "high")
"""RoB 1 levels; ``unclear`` sits between low and high as in Handbook 5.1 Table 8.7.a."""
EXTERNAL_RATINGS: tuple[str, ...] = ("high", "moderate", "low")
"""A clearinghouse's rating of a study's design and execution, best first."""

JUDGEMENTS: dict[str, tuple[str, ...]] = {
    ROB2: ROB2_JUDGEMENTS,
    ROBINS_I: ROBINS_I_JUDGEMENTS,
    ROB1: ROB1_JUDGEMENTS,
    EXTERNAL: EXTERNAL_RATINGS,
}
"""Each tool's judgement values (for ``external``, its ``rating`` values), best to worst."""

JUDGEMENT_LABELS: dict[str, dict[str, str]] = {
    ROB2: {"low": "Low risk of bias", "some-concerns": "Some concerns", "high": "High risk of bias"},
    ROBINS_I: {
        "low": "Low risk of bias",
        "moderate": "Moderate risk of bias",
        "serious": "Serious risk of bias",
        "critical": "Critical risk of bias",
        "no-information": "No information",
    },
    ROB1: {"low": "Low risk of bias", "unclear": "Unclear risk of bias", "high": "High risk of bias"},
    EXTERNAL: {"high": "High rating", "moderate": "Moderate rating", "low": "Low rating"},
}

NOT_ASSESSED_SYMBOL = "-"
NOT_ASSESSED_LABEL = "Not assessed"

JUDGEMENT_SYMBOLS: dict[str, dict[str, str]] = {
    ROB2: {"low": "+", "some-concerns": "!", "high": "x"},
    ROBINS_I: {"low": "+", "moderate": "!", "serious": "x", "critical": "xx", "no-information": "?"},
    ROB1: {"low": "+", "unclear": "?", "high": "x"},
    EXTERNAL: {"high": "+", "moderate": "!", "low": "x"},
}
"""Text symbols for a traffic-light table (see the module docstring for the legend)."""


def judgement_symbol(tool: str, judgement: str | None) -> str:
    """The table symbol of ``judgement`` under ``tool``; ``-`` when it is ``None`` (not assessed)."""
    if judgement is None:
        return NOT_ASSESSED_SYMBOL
    return JUDGEMENT_SYMBOLS[tool][judgement]


def judgement_label(tool: str, judgement: str | None) -> str:
    """The human label of ``judgement`` under ``tool``; ``Not assessed`` when it is ``None``."""
    if judgement is None:
        return NOT_ASSESSED_LABEL
    return JUDGEMENT_LABELS[tool][judgement]


def symbol_legend(tool: str) -> tuple[tuple[str, str], ...]:
    """``(symbol, label)`` pairs, best to worst, then not assessed: a table's key."""
    pairs = tuple((JUDGEMENT_SYMBOLS[tool][value], JUDGEMENT_LABELS[tool][value]) for value in JUDGEMENTS[tool])
    return (*pairs, (NOT_ASSESSED_SYMBOL, NOT_ASSESSED_LABEL))
