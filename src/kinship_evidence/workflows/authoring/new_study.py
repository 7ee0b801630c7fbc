"""``new STUDY_ID``: a commented template study record, written atomically and never over a file.

The template's required values are left empty, so ``validate`` reports each one (with its
line) until it is filled in: a forgotten template cannot pass as data.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kinship_evidence.data.dataset import RECORD_SUFFIX, STUDIES_DIR
from kinship_evidence.data.models import SLUG_PATTERN
from kinship_evidence.errors import BadStudyId, NoDataFolder, RecordExists

MAX_ID_LENGTH = 120

TEMPLATE = """\
# Study record: fill in every empty value, then run `kinship-evidence validate`.
# Empty values are placeholders that fail validation until they are filled in.
# The format: the README, or `kinship-evidence schema study` (its JSON Schema).
# Note here which sources you read and what is not known.
id: {study_id}                  # equals the file name without .yaml
citation: ""                    # inside the quotes: authors (year). Title. Journal, volume(issue), pages.
year:                           # year of publication, e.g. 2018
source:                         # where the facts were read: a URL (https://...) or a DOI (10.xxxx/...)
country:                        # ISO 3166-1 alpha-2 code, e.g. GB or US
design:                         # rct | cluster-rct | qed | cohort | pre-post | qualitative | other
# Quality: record the appraisal as a risk_of_bias block (the rule set derives quality from it),
# or state quality: high | moderate | low, or not-appraised when nobody has appraised the study.
quality:                        # high | moderate | low | not-appraised; or remove it and fill in risk_of_bias
# appraisal: >-                 # optional: free text on who judged quality, and how
#   ...
# risk_of_bias:
#   tool: rob2                  # rob2 | robins-i | rob1 | external
#   source:                     # where the judgements were read (URL and page), or who made them
#   domains:                    # rob2: randomisation, deviations, missing-data, measurement, reporting
#     randomisation: low        #   low | some-concerns | high
#   answers:                    # optional RoB 2 signalling answers: y | py | pn | n | ni | na
#     "1.1": y                  #   (quote the question numbers)
#   overall: some-concerns      # optional; must equal the derived overall unless override_reason says why
#   override_reason:
#   # tool: external takes body (the clearinghouse) and rating (high | moderate | low) instead
recommendations: []             # ids from recommendations.yaml, e.g. [peer-support]
# sample_size: 100              # optional: participants analysed
# usual_care: true              # optional: delivered in a usual-care setting (Title IV-E PSC)
# sample: some-trial            # optional: records sharing this key share participants
# inferences:                   # optional: each field whose value the source does not state
#   - field: year               #   citation | year | source | country | design | quality | ...
#     reason:                   #   what is inferred, from what, and why
outcomes:
  - domain:                     # outcome domain (slug), e.g. carer-wellbeing or permanence
    description:                # what was measured, against what, and when
    favourable:                 # higher | lower: which direction of the measure is good
    # follow_up_months: 12      # optional: months after treatment ended
    # inferred:                 # optional: what of this result is inferred (its domain, its reading), and why
    # Exactly one evidence form. A reported result without numbers (and no measure):
    finding:                    # favourable | no-effect | unfavourable
    # Or 2x2 counts (measure: odds-ratio | risk-ratio | risk-difference):
    # measure: risk-ratio
    # counts:
    #   intervention: {{events: 0, n: 0}}
    #   control: {{events: 0, n: 0}}
    # Or group means (measure: smd | mean-difference):
    # measure: smd
    # groups:
    #   intervention: {{mean: 0.0, sd: 0.0, n: 0}}
    #   control: {{mean: 0.0, sd: 0.0, n: 0}}
    # Or a reported effect with its se or 95% ci (any of the five measures; ratio
    # measures give estimate and ci on the natural scale, se on the log scale):
    # measure: odds-ratio
    # effect: {{estimate: 1.0, ci: [0.5, 2.0]}}
"""


def study_template(study_id: str) -> str:
    return TEMPLATE.format(study_id=study_id)


def check_study_id(study_id: str) -> None:
    if not re.fullmatch(SLUG_PATTERN, study_id) or len(study_id) > MAX_ID_LENGTH:
        raise BadStudyId(
            f"study id {study_id!r} must be a slug: lowercase letters, digits and hyphens, "
            f"at most {MAX_ID_LENGTH} characters (e.g. smith-2024-navigator)"
        )


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` completely or not at all; never replace an existing file.

    The one writer (``workflows.project.output_files``) hard-links a flushed temporary file to
    ``path``, which fails if ``path`` exists, even if it appeared a moment ago.
    """
    from kinship_evidence.workflows.project.output_files import FileExists, write_file

    try:
        write_file(path, text.encode("utf-8"), replace=False)
    except FileExists as error:
        raise RecordExists(str(error)) from None


def target_data_dir(data: Path | None, package: Path = Path(__file__).resolve().parents[2]) -> Path:
    """``data`` if given, else ``./data``; never the dataset bundled inside the installed package."""
    chosen = data if data is not None else Path("data")
    if data is None and not chosen.is_dir():
        raise NoDataFolder("no ./data folder here: create data/ (with recommendations.yaml) or pass --data DIR")
    if not chosen.is_dir():
        raise NoDataFolder(f"dataset folder not found: {chosen}")
    if chosen.resolve().is_relative_to(package):
        raise NoDataFolder(f"{chosen} is inside the installed package (its bundled dataset is not yours to edit); pass --data DIR")
    return chosen


def new_study(data_dir: Path, study_id: str, prefill: object = None) -> Path:
    """Write the template for ``study_id`` into ``data_dir/studies/``; return its path.

    ``prefill`` (a checked ``new_prefill.Prefill``) fills in values and the evidence form.
    Raises :class:`BadStudyId`, :class:`RecordExists`, or ``OSError`` when it cannot write.
    """
    check_study_id(study_id)
    text = study_template(study_id)
    if prefill is not None:
        from kinship_evidence.workflows.authoring.new_prefill import filled_template

        text = filled_template(text, prefill)  # type: ignore[arg-type]
    studies = data_dir / STUDIES_DIR
    if os.path.lexists(studies) and not studies.is_dir():
        kind = "a file" if studies.is_file() else "a link to nothing" if studies.is_symlink() else "not a folder"
        raise NoDataFolder(f"{studies} is {kind}, not a folder: study records go into a studies/ folder")
    studies.mkdir(exist_ok=True)
    target = studies / f"{study_id}{RECORD_SUFFIX}"
    write_new(target, text)
    return target
