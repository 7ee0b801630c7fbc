

# --- Rating-engine helpers (test_rating_tiers, test_frameworks, test_synthesis, test_explain,
# test_cli_rate). Studies are built as the data format gives them, then validated by the models.
import types as _rating_types

import pytest as _rating_pytest


def _rating_outcome(domain="carer-wellbeing", favourable="higher", **form):
    return {"domain": domain, "description": f"{domain} outcome", "favourable": favourable, **form}


def _rating_effect(measure, estimate, se, **outcome):
    """A reported effect (ratio measures on the natural scale, se of the log ratio)."""
    return _rating_outcome(measure=measure, effect={"estimate": estimate, "se": se}, **outcome)


def _rating_counts(measure, events_t, n_t, events_c, n_c, **outcome):
    arms = {"intervention": {"events": events_t, "n": n_t}, "control": {"events": events_c, "n": n_c}}
    return _rating_outcome(measure=measure, counts=arms, **outcome)


def _rating_groups(n_t, n_c, mean_t=12.0, mean_c=10.0, sd=4.0, measure="smd", **outcome):
    arms = {"intervention": {"mean": mean_t, "sd": sd, "n": n_t}, "control": {"mean": mean_c, "sd": sd, "n": n_c}}
    return _rating_outcome(measure=measure, groups=arms, **outcome)


def _rating_finding(finding, **outcome):
    return _rating_outcome(finding=finding, **outcome)


def _rating_study(study_id, *outcomes, **fields):
    """A valid Study: a high-quality US RCT for recommendation ``rec`` unless ``fields`` say otherwise."""
    from kinship_evidence.data.models import Study

    data = {
        "id": study_id, "citation": f"{study_id} et al.", "year": 2010, "source": "https://example.org/" + study_id,
        "country": "US", "design": "rct", "quality": "high", "recommendations": ["rec"],
        "outcomes": list(outcomes),
    }
    data.update(fields)
    return Study.model_validate({key: value for key, value in data.items() if value is not None})


def _rating_rate(studies, framework="foundations-kinship-2024", outcomes=None, estimator="reml"):
    """Rate the one recommendation ``rec`` from ``studies`` under a bundled framework."""
    from kinship_evidence.data.models import Recommendation
    from kinship_evidence.rating.engine import rate_recommendation
    from kinship_evidence.rating.frameworks import bundled_frameworks

    rec = Recommendation.model_validate(
        {"id": "rec", "number": 1, "text": "A recommendation.", "outcomes": outcomes, "published_rating": "none"}
    )
    from kinship_evidence.stats.methods import PoolingMethods

    return rate_recommendation(rec, studies, bundled_frameworks()[framework], PoolingMethods(estimator=estimator))


def _rating_domain(rating, domain="carer-wellbeing"):
    return next(item for item in rating.domains if item.domain == domain)


@_rating_pytest.fixture
def rating_kit():
    """Builders for studies and outcomes, and ``rate`` for one recommendation ``rec``."""
    return _rating_types.SimpleNamespace(
        study=_rating_study, effect=_rating_effect, counts=_rating_counts, groups=_rating_groups,
        finding=_rating_finding, rate=_rating_rate, domain=_rating_domain,
    )


@_rating_pytest.fixture
def rating_cli():
    """Run the CLI in-process: ``rating_cli("rate", "--data", path)`` returns the Click result
    (``exit_code``, ``stdout``, ``stderr``); wide COLUMNS so Rich tables do not wrap."""
    from typer.testing import CliRunner

    from kinship_evidence.cli import app

    runner = CliRunner(env={"COLUMNS": "200", "GITHUB_ACTIONS": ""})

    def invoke(*args):
        return runner.invoke(app, [str(arg) for arg in args])

    return invoke


# --- Validation helpers (test_validate_examples, test_hostile_input, test_mutations, test_loading,
# test_cli_validate, test_schema_current). A finding is compared as one canonical line:
# "[PATH ]LINE:COL FIELD rule=RULE[ severity=warning]", FIELD "-" when empty.
import os as _validation_os
import subprocess as _validation_subprocess
import sys as _validation_sys
from pathlib import Path as _ValidationPath

EXAMPLES_DIR = _ValidationPath(__file__).parent / "data" / "examples"
# The source folder of the package under test: a child process started in another folder
# must import this copy, not whichever one happens to be installed.
PACKAGE_SRC = str(_ValidationPath(__import__("kinship_evidence").__file__).resolve().parents[1])


def _canonical(finding, root=None):
    where = f"{_validation_os.path.relpath(finding.path, root)} " if root is not None else ""
    severity = "" if finding.is_error else " severity=warning"
    return f"{where}{finding.line}:{finding.column} {finding.field or '-'} rule={finding.rule}{severity}"


def _canonical_set(findings, root=None):
    return {_canonical(finding, root) for finding in findings}


def _run_cli(*args, cwd=None, env=None, timeout=60):
    """The real command line in a child process; GITHUB_ACTIONS is cleared unless ``env`` sets it."""
    environment = {k: v for k, v in _validation_os.environ.items() if k != "GITHUB_ACTIONS"}
    environment["PYTHONPATH"] = PACKAGE_SRC  # the code under test, whatever the child's cwd
    environment.update(env or {})
    return _validation_subprocess.run(
        [_validation_sys.executable, "-m", "kinship_evidence", *map(str, args)],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout,
    )


def _snapshot(folder):
    """Names, kinds, mtimes and content hashes below ``folder``, without following links or opening pipes."""
    import hashlib

    state = {}
    for directory, dirnames, filenames in _validation_os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = _validation_os.path.join(directory, name)
            status = _validation_os.lstat(path)
            content = None
            if _validation_os.path.islink(path):
                content = _validation_os.readlink(path)
            elif _validation_os.path.isfile(path) and status.st_mode & 0o444:
                content = hashlib.sha256(_ValidationPath(path).read_bytes()).hexdigest()
            state[_validation_os.path.relpath(path, folder)] = (status.st_mode, status.st_mtime_ns, status.st_size, content)
    return state


@_rating_pytest.fixture
def validation_kit():
    """``canonical(finding, root=None)``, ``canonical_set(findings, root=None)``, ``run_cli(*args, cwd=, env=)``
    and ``snapshot(folder)`` for the validation tests."""
    return _rating_types.SimpleNamespace(
        canonical=_canonical, canonical_set=_canonical_set, run_cli=_run_cli, snapshot=_snapshot
    )


@_rating_pytest.fixture
def valid_dataset(tmp_path):
    """A writable copy of tests/examples/valid (a clean dataset) in ``tmp_path / "data"``."""
    import shutil

    return _ValidationPath(shutil.copytree(EXAMPLES_DIR / "valid", tmp_path / "data"))


# --- SIGTERM while a revision is copied out (test_cleanup's diff, test_by_commit's history).
import os as _term_os
import signal as _term_signal
import subprocess as _term_subprocess
import sys as _term_sys
import time as _term_time
from pathlib import Path as _TermPath

import kinship_evidence as _term_package

_TERM_SOURCE = str(_TermPath(_term_package.__file__).resolve().parents[1])


def _terminated_mid_copy(arguments, cwd, scratch, what="the command"):
    """Run ``kinship-evidence ARGUMENTS`` in ``cwd`` with TMPDIR=``scratch``, send it SIGTERM once
    a revision's copy holds its studies/ folder, and return (exit code, stderr)."""
    env = {**_term_os.environ, "TMPDIR": str(scratch), "PYTHONPATH": _TERM_SOURCE, "GITHUB_ACTIONS": "", "HOME": "/nonexistent"}
    process = _term_subprocess.Popen(
        [_term_sys.executable, "-m", "kinship_evidence", *arguments],
        cwd=cwd, env=env, stdout=_term_subprocess.PIPE, stderr=_term_subprocess.PIPE, text=True,
    )
    try:
        deadline = _term_time.monotonic() + 60
        while not any(scratch.glob("kinship-evidence-diff-*/studies")) and _term_time.monotonic() < deadline:
            assert process.poll() is None, f"{what} finished before its copy was seen"
            _term_time.sleep(0.002)
        assert any(scratch.glob("kinship-evidence-diff-*")), "the revision was never copied out"
        process.send_signal(_term_signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, stderr


@_rating_pytest.fixture
def terminated_mid_copy():
    return _terminated_mid_copy
