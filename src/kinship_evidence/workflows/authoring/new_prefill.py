"""``new ID --recommendation REC --design D --country C --domain D --form F``: values for the template.

Each value is checked before anything is written: a recommendation against the dataset's
``recommendations.yaml`` (id or number), a design against the format's designs, a country
against ISO 3166-1 alpha-2, a domain against the outcome domains the dataset uses. A bad value
is a usage error with the nearest allowed one; the template then gets the values filled in and
the chosen evidence form written out, the others left as comments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kinship_evidence.data.models.countries import NON_ISO_CODES, iso_country_names
from kinship_evidence.data.models.vocabulary import DESIGNS, EVIDENCE_FORMS
from kinship_evidence.errors import UsageError
from kinship_evidence.frozen import frozen
from kinship_evidence.suggestions import did_you_mean
from kinship_evidence.workflows.project.config import not_one_of


class BadPrefill(UsageError):
    """A value given to ``new`` that the dataset or the format does not allow."""


@frozen
class Prefill:
    recommendations: tuple[str, ...] = ()
    design: str | None = None
    country: str | None = None
    domain: str | None = None
    form: str | None = None

    @property
    def empty(self) -> bool:
        return self == Prefill()


def _recommendation(reference: str, known: Sequence[tuple[str, int]]) -> str:
    for rec_id, number in known:
        if reference in (rec_id, str(number)):
            return rec_id
    listed = ", ".join(f"{number} ({rec_id})" for rec_id, number in known)
    raise BadPrefill(
        f"--recommendation {reference!r} names no recommendation of the dataset; known: {listed}"
        f"{did_you_mean(reference, [rec_id for rec_id, _ in known])}"
    )


def _country(code: str) -> str:
    names = iso_country_names()
    if code in names:
        return code
    meant = NON_ISO_CODES.get(code.upper()) or (code.upper() if code.upper() in names else None)
    hint = f"; did you mean {meant!r}?" if meant else ""
    raise BadPrefill(f"--country {code!r} is not an ISO 3166-1 alpha-2 country code (e.g. GB or US){hint}")


def check_prefill(
    data_dir: Path,
    recommendations: Sequence[str] = (),
    design: str | None = None,
    country: str | None = None,
    domain: str | None = None,
    form: str | None = None,
) -> Prefill:
    """The values for the template, each checked; raises :class:`BadPrefill` for a bad one."""
    if design is not None and design not in DESIGNS:
        raise BadPrefill(f"--design: {not_one_of(design, DESIGNS)}")
    if form is not None and form not in EVIDENCE_FORMS:
        raise BadPrefill(f"--form: {not_one_of(form, EVIDENCE_FORMS)}")
    chosen_recs: tuple[str, ...] = ()
    if recommendations or domain is not None:
        from kinship_evidence.workflows.recommendations import list_recommendations

        listing = list_recommendations(data_dir)
        if listing.validation.dataset.recommendations_file is None:
            raise BadPrefill(f"{data_dir}/recommendations.yaml is missing or invalid: run `kinship-evidence validate`")
        known = [(rec.id, rec.number) for rec in listing.recommendations]
        chosen_recs = tuple(dict.fromkeys(_recommendation(reference, known) for reference in recommendations))
        domains = tuple(use.domain for use in listing.domains)
        if domain is not None and domain not in domains:
            raise BadPrefill(
                f"--domain: {not_one_of(domain, domains)} (the domains the dataset uses; "
                "for a new domain, leave --domain out and write it into the record)"
            )
    return Prefill(chosen_recs, design, _country(country) if country is not None else None, domain, form)


def _fill(text: str, key: str, value: str) -> str:
    """The first ``key:`` line with ``value`` written after the colon, its comment kept in place."""
    pattern = re.compile(rf"^(\s*(?:- )?{re.escape(key)}:)( *)(#.*)?$", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        return text
    head, spaces, comment = match.group(1), match.group(2), match.group(3)
    filled = f"{head} {value}"
    if comment:
        filled += " " * max(1, len(head) + len(spaces) - len(filled)) + comment
    return text[: match.start()] + filled + text[match.end():]


def _uncomment_form(text: str, form: str) -> str:
    """The template with ``form``'s lines written out and the bare ``finding:`` line commented."""
    blocks = {
        "counts": ("    # measure: risk-ratio\n    # counts:\n", "    #   intervention: {events: 0, n: 0}\n",
                   "    #   control: {events: 0, n: 0}\n"),
        "groups": ("    # measure: smd\n    # groups:\n", "    #   intervention: {mean: 0.0, sd: 0.0, n: 0}\n",
                   "    #   control: {mean: 0.0, sd: 0.0, n: 0}\n"),
        "effect": ("    # measure: odds-ratio\n", "    # effect: {estimate: 1.0, ci: [0.5, 2.0]}\n"),
    }
    skeletons = {
        "counts": "    measure:                    # odds-ratio | risk-ratio | risk-difference\n    counts:\n"
                  "      intervention: {events: , n: }\n      control: {events: , n: }\n",
        "groups": "    measure:                    # smd | mean-difference\n    groups:\n"
                  "      intervention: {mean: , sd: , n: }\n      control: {mean: , sd: , n: }\n",
        "effect": "    measure:                    # any of the five measures\n"
                  "    effect: {estimate: , se: }   # or ci: [low, high] instead of se\n",
    }
    if form == "finding":
        return text
    text = text.replace("    finding:                    #", "    # finding:                  #", 1)
    first = blocks[form][0]
    start = text.index(first)
    end = start + sum(len(part) for part in blocks[form])
    return text[:start] + skeletons[form] + text[end:]


def filled_template(template: str, prefill: Prefill) -> str:
    """``template`` (a study template) with ``prefill``'s values and evidence form written in."""
    text = template
    if prefill.design:
        text = _fill(text, "design", prefill.design)
    if prefill.country:
        text = _fill(text, "country", prefill.country)
    if prefill.domain:
        text = _fill(text, "domain", prefill.domain)
    if prefill.recommendations:
        text = text.replace("recommendations: []             #", f"recommendations: [{', '.join(prefill.recommendations)}]  #", 1)
    if prefill.form:
        text = _uncomment_form(text, prefill.form)
    return text
