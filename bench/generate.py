"""Deterministic synthetic evidence datasets for the benchmark (see bench/README.md).

A dataset is ``recommendations.yaml`` (a copy of the bundled one) plus ``studies/*.yaml``,
one valid study record per file, modelled on the real records in ``data/studies``: a comment
header, folded citations, 1-3 outcomes in a realistic mix of evidence forms (2x2 counts, group
means, an effect with its se or its 95% ci, a reported finding), varied designs, qualities and
countries. Records are written as text directly (no ``yaml.dump``) so 100,000 files take
seconds.

With ``invalid=True`` the same records are written, except that one record in a hundred is
broken in one of several ways (negative n, unknown key, bad YAML line, ...).

    python bench/generate.py --size 10000 --out bench/out/n10000 [--invalid]
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
from pathlib import Path

import yaml

GENERATOR_VERSION = 1  # bump when the output changes, so cached datasets are rebuilt
DEFAULT_SEED = 20241014
REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data"
COMPLETE_MARKER = ".complete"

INVALID_EVERY = 100  # 1% of records are broken in the invalid variant
BREAKAGES = (
    "negative-n",  # schema: n >= 1
    "unknown-key",  # schema: extra key
    "bad-yaml",  # syntax error
    "events-exceed-n",  # model validator
    "ci-reversed",  # model validator on effect
    "unknown-recommendation",  # cross-file rule
)

COUNTRIES = ["US"] * 10 + ["GB"] * 5 + ["AU"] * 3 + ["CA"] * 2 + ["NZ", "IE", "NL", "SE", "NO", "DE", "ZA", "BR"]
DESIGNS = ["rct"] * 5 + ["cluster-rct", "qed", "qed", "qed", "cohort", "cohort", "pre-post", "qualitative", "other"]
QUALITIES = ["high", "moderate", "moderate", "moderate", "low", "low"]
GENERAL_DOMAINS = {
    "permanence": "higher",
    "placement-stability": "higher",
    "safety": "lower",
    "child-behaviour": "lower",
    "carer-wellbeing": "higher",
    "financial-wellbeing": "higher",
}
DOMAIN_TEXT = {
    "permanence": ["Legal permanence (reunification, adoption or guardianship)", "Exits to permanency"],
    "placement-stability": ["Placement disruption into non-kin foster care", "Stability of out-of-home stays"],
    "safety": ["Substantiated child maltreatment", "Re-referral to children's services"],
    "child-behaviour": ["Child externalizing difficulties (CBCL)", "Child internalizing difficulties (SDQ)"],
    "carer-wellbeing": ["Depressive symptoms (CES-D)", "Perceived stress", "Caregiver strain", "Quality of life"],
    "financial-wellbeing": ["Household income above the poverty line", "Receipt of child-only TANF"],
}
SURNAMES = ["Testa", "Smith", "Littlewood", "McCallion", "Zauszniewski", "Wheeler", "Preston", "Cooper",
            "Hunt", "Selwyn", "Farmer", "Wellard", "Brennan", "Kiraly", "Nixon", "O'Brien", "Garcia", "Nguyen"]
JOURNALS = ["Child Abuse & Neglect", "Children and Youth Services Review", "Journal of Family Psychology",
            "Child & Family Social Work", "Research in Nursing & Health", "Adoption & Fostering"]
TOPICS = ["kinship navigator services", "support groups for grandparent carers", "subsidised guardianship",
          "parent training for kinship carers", "resourcefulness training", "financial allowances for kin"]
FINDINGS = ["favourable"] * 6 + ["no-effect"] * 3 + ["unfavourable"]
FORMS = ["counts"] * 5 + ["groups"] * 5 + ["effect-se"] * 3 + ["effect-ci"] * 3 + ["finding"] * 4


def _recommendations(path: Path) -> list[tuple[str, list[str] | None]]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return [(rec["id"], rec.get("outcomes")) for rec in data["recommendations"]]


def _f(value: float) -> str:
    """A float YAML reads as a float (always a decimal point, no exponent)."""
    return f"{value:.3f}"


def _floor3(value: float) -> float:
    return math.floor(value * 1000) / 1000


def _ceil3(value: float) -> float:
    return math.ceil(value * 1000) / 1000


def _outcome(rng: random.Random, domain: str, breakage: str | None) -> list[str]:
    favourable = GENERAL_DOMAINS.get(domain, "higher")
    if rng.random() < 0.15:
        favourable = "lower" if favourable == "higher" else "higher"
    form = rng.choice(FORMS)
    if breakage in ("negative-n", "events-exceed-n"):
        form = "counts"
    elif breakage == "ci-reversed":
        form = "effect-ci"
    text = rng.choice(DOMAIN_TEXT.get(domain, ["Outcome"]))
    when = rng.choice(["at post-test", "at 6 months", "at 12-month follow-up", "at 36 months"])
    lines = [f"  - domain: {domain}"]
    if rng.random() < 0.5:
        lines += ["    description: >-", f"      {text}, intervention against comparison {when};",
                  f"      read from the {rng.choice(['abstract', 'results table', 'clearinghouse page'])}"]
    else:
        lines.append(f"    description: {text}, intervention against control {when}")
    lines.append(f"    favourable: {favourable}")
    if form == "counts":
        n_t, n_c = rng.randint(20, 3500), rng.randint(20, 3500)
        p_c = rng.uniform(0.08, 0.8)
        p_t = min(0.95, max(0.03, p_c + rng.gauss(0.04, 0.06)))
        e_t, e_c = max(1, min(n_t - 1, round(p_t * n_t))), max(1, min(n_c - 1, round(p_c * n_c)))
        if breakage == "negative-n":
            n_c = -n_c
        elif breakage == "events-exceed-n":
            e_t = n_t + 3
        lines += [f"    measure: {rng.choice(['odds-ratio', 'risk-ratio', 'risk-difference'])}", "    counts:",
                  f"      intervention: {{events: {e_t}, n: {n_t}}}", f"      control: {{events: {e_c}, n: {n_c}}}"]
    elif form == "groups":
        mean_c, sd = rng.uniform(5, 60), rng.uniform(1, 15)
        mean_t = mean_c + rng.gauss(0.2, 0.3) * sd
        lines += [f"    measure: {rng.choice(['smd', 'mean-difference'])}", "    groups:",
                  f"      intervention: {{mean: {_f(mean_t)}, sd: {_f(sd)}, n: {rng.randint(10, 400)}}}",
                  f"      control: {{mean: {_f(mean_c)}, sd: {_f(sd * rng.uniform(0.8, 1.25))}, n: {rng.randint(10, 400)}}}"]
    elif form in ("effect-se", "effect-ci"):
        measure = rng.choice(["odds-ratio", "risk-ratio", "risk-difference", "smd", "mean-difference"])
        if measure in ("odds-ratio", "risk-ratio"):
            log_est, se = rng.gauss(0.15, 0.3), rng.uniform(0.05, 0.5)
            est = max(0.01, round(math.exp(log_est), 3))
            low, high = max(0.001, _floor3(est * math.exp(-1.96 * se))), _ceil3(est * math.exp(1.96 * se))
        else:
            scale = {"risk-difference": 0.08, "smd": 0.3, "mean-difference": 3.0}[measure]
            est, se = round(rng.gauss(scale / 2, scale), 3), max(0.005, round(rng.uniform(0.15, 0.6) * scale, 3))
            low, high = _floor3(est - 1.96 * se), _ceil3(est + 1.96 * se)
        lines.append(f"    measure: {measure}")
        if form == "effect-se":
            lines.append(f"    effect: {{estimate: {_f(est)}, se: {_f(se)}}}")
        else:
            if breakage == "ci-reversed":
                low, high = high, low
            lines.append(f"    effect: {{estimate: {_f(est)}, ci: [{_f(low)}, {_f(high)}]}}")
    else:
        lines.append(f"    finding: {rng.choice(FINDINGS)}")
    if rng.random() < 0.3:
        lines.append(f"    follow_up_months: {rng.choice([3, 6, 6, 12, 12, 24, 36])}")
    return lines


def study_text(index: int, seed: int, recommendations: list[tuple[str, list[str] | None]],
               breakage: str | None = None) -> tuple[str, str]:
    """(study id, YAML text) of synthetic record ``index``; the same for every run and variant."""
    rng = random.Random(seed * 1_000_003 + index)
    topic = rng.choice(TOPICS)
    study_id = f"syn-{index:06d}-{topic.split()[0]}"
    year = rng.randint(1995, 2024)
    author = rng.choice(SURNAMES)
    journal = rng.choice(JOURNALS)
    if rng.random() < 0.5:
        source = f"https://doi.org/10.{rng.randint(1000, 9999)}/syn.{index}"
    else:
        source = f"https://preventionservices.acf.hhs.gov/programs/{rng.randint(1, 900)}/show"
    design, quality = rng.choice(DESIGNS), rng.choice(QUALITIES)
    chosen = rng.sample(recommendations, 2 if rng.random() < 0.15 else 1)
    rec_ids = [rec_id for rec_id, _ in chosen]
    if breakage == "unknown-recommendation":
        rec_ids.append("no-such-recommendation")
    domains: list[str] = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        _, targets = rng.choice(chosen)
        domains.append(rng.choice(targets) if targets else rng.choice(list(GENERAL_DOMAINS)))
    lines = [
        f"# Synthetic record {index} (bench/generate.py, seed {seed}); not real evidence.",
        "# Sources read:",
        f"#   - {source}",
        f"#     ({journal}): {rng.choice(['a randomised trial', 'a quasi-experimental study', 'an evaluation'])}",
        f"#     of {topic} with {rng.randint(40, 4000)} families in {rng.randint(1, 12)} sites.",
    ]
    for _ in range(rng.randint(0, 6)):
        lines.append(f"#   Not known: {rng.choice(['per-arm ns', 'effect sizes', 'the SE', 'the exact sample'])}"
                     f" of the {rng.choice(['post-test', 'follow-up', 'primary'])} analysis.")
    lines += [
        f"id: {study_id}",
        "citation: >-",
        f"  {author}, {chr(65 + index % 26)}. et al. ({year}). An evaluation of {topic}:",
        f"  {rng.choice(['final report', 'a randomised trial', 'outcomes at follow-up'])}. {journal},"
        f" {rng.randint(1, 120)}({rng.randint(1, 12)}), {rng.randint(1, 400)}-{rng.randint(401, 900)}.",
        f"year: {year}",
    ]
    if breakage == "unknown-key":
        lines.append(f"sampel_size: {rng.randint(20, 5000)}")
    lines += [f"source: {source}", f"country: {rng.choice(COUNTRIES)}", f"design: {design}"]
    lines.append(f"quality: [{quality}" if breakage == "bad-yaml" else f"quality: {quality}")
    if rng.random() < 0.6:
        lines += ["appraisal: >-",
                  f"  {rng.choice(['Title IV-E Prevention Services Clearinghouse', 'Cochrane risk of bias', 'CEBC'])}:",
                  f"  rated {rng.choice(['moderate', 'high', 'low'])} on design and execution ({year + 1})."]
    lines.append(f"recommendations: [{', '.join(rec_ids)}]")
    if rng.random() < 0.6:
        lines.append(f"sample_size: {rng.randint(20, 7000)}")
    if rng.random() < 0.2:
        lines.append(f"usual_care: {rng.choice(['true', 'false'])}")
    if rng.random() < 0.05:
        lines.append(f"sample: trial-{index // 2}")
    lines.append("outcomes:")
    for position, domain in enumerate(domains):
        lines += _outcome(rng, domain, breakage if position == 0 else None)
    return study_id, "\n".join(lines) + "\n"


def generate(size: int, out: Path, invalid: bool = False, seed: int = DEFAULT_SEED,
             bundled: Path = BUNDLED) -> Path:
    """Write the dataset to ``out`` unless a complete copy with the same parameters is there."""
    stamp = f"version={GENERATOR_VERSION} size={size} invalid={invalid} seed={seed}\n"
    marker = out / COMPLETE_MARKER
    if marker.is_file() and marker.read_text() == stamp:
        return out
    if out.exists():
        shutil.rmtree(out)
    studies = out / "studies"
    studies.mkdir(parents=True)
    shutil.copyfile(bundled / "recommendations.yaml", out / "recommendations.yaml")
    recommendations = _recommendations(bundled / "recommendations.yaml")
    for index in range(size):
        breakage = None
        if invalid and index % INVALID_EVERY == INVALID_EVERY // 2:
            breakage = BREAKAGES[(index // INVALID_EVERY) % len(BREAKAGES)]
        study_id, text = study_text(index, seed, recommendations, breakage)
        with open(studies / f"{study_id}.yaml", "w", encoding="utf-8") as handle:
            handle.write(text)
    marker.write_text(stamp)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--invalid", action="store_true", help="break 1%% of the records")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    generate(args.size, args.out, args.invalid, args.seed)
    print(f"{args.out}: {args.size} records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
