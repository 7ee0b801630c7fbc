"""The R script beside the metafor CSVs: ``rma()`` with the toolkit's estimator and CI method.

The script is a template shipped in the package (``metafor.R``); this fills in the methods in
metafor's words and the toolkit's own numbers, so the script prints both and their difference.
"""

from __future__ import annotations

from importlib import resources

from kinship_evidence.stats.methods import CIMethod, Estimator
from kinship_evidence.workflows.interchange.metafor_export import MetaforExport

SCRIPT_NAME = "metafor.R"
#: metafor's ``method`` of each tau^2 estimator and ``test`` of each CI method (``rma.uni``).
METAFOR_METHODS = {Estimator.REML: "REML", Estimator.DL: "DL", Estimator.PM: "PM"}
METAFOR_TESTS = {CIMethod.WALD: "z", CIMethod.HKSJ: "knha", CIMethod.HKSJ_ADHOC: "adhoc"}


def _r_strings(values: list[str]) -> str:
    return ", ".join('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values)


def _r_numbers(values: list[float]) -> str:
    return ", ".join(f"{value:.15g}" for value in values)


def metafor_script(export: MetaforExport) -> str:
    """The R script for ``export``'s CSVs."""
    template = resources.files("kinship_evidence.reports.interchange").joinpath(SCRIPT_NAME).read_text(encoding="utf-8")
    methods, pools = export.methods, export.pools
    values = {
        "framework": export.framework,
        "described": methods.describe(),
        "method": METAFOR_METHODS[methods.estimator],
        "estimator": methods.estimator.value,
        "test": METAFOR_TESTS[methods.ci],
        "ci": methods.ci.value,
        "files": _r_strings([pool.file_name for pool in pools]),
        "measures": _r_strings([pool.measure for pool in pools]),
        "estimates": _r_numbers([pool.result.estimate for pool in pools]),
        "ci_lows": _r_numbers([pool.result.ci_low for pool in pools]),
        "ci_highs": _r_numbers([pool.result.ci_high for pool in pools]),
        "tau2s": _r_numbers([pool.result.tau2 for pool in pools]),
    }
    for name, value in values.items():
        template = template.replace(f"<<{name}>>", value)
    return template
