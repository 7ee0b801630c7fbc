"""Where a side of ``diff`` comes from: a dataset folder, or a git revision of the repository.

A revision's dataset folder is copied out of git (``git archive``, committed links resolved inside
the repository: see ``revision_copy``) into a temporary folder that the caller's
:class:`contextlib.ExitStack` removes again.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

from kinship_evidence.data.dataset import RECOMMENDATIONS_FILE, STUDIES_DIR, path_state
from kinship_evidence.errors import RevisionNotFound
from kinship_evidence.frozen import frozen
from kinship_evidence.workflows.revisions.revision_copy import TreeMissing, copy_tree


@frozen
class Side:
    """One side of a comparison: the folder to load and how to name it to the user."""

    spec: str  # as given on the command line
    root: Path  # the dataset folder (a temporary copy for a revision)
    label: str  # e.g. "./data" or "HEAD~1 (3f2a9c1)"
    display_root: str  # how finding paths under ``root`` are shown, e.g. "HEAD~1:data"


def _is_folder(path: Path) -> bool:
    """A folder, or a path that cannot be looked into (loading it then reports why)."""
    state = path_state(path)
    return isinstance(state, OSError) or (state is not None and stat.S_ISDIR(state))


def _is_dataset(folder: Path) -> bool:
    return path_state(folder / RECOMMENDATIONS_FILE) is not None or _is_folder(folder / STUDIES_DIR)


def git(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise FileNotFoundError("git")
    return subprocess.run([git, *args], cwd=cwd, input=stdin, capture_output=True, check=False)


def _folder_side(spec: str, folder: Path, data_path: str) -> Side:
    if _is_dataset(folder):
        return Side(spec, folder, spec, str(folder))
    nested = folder / data_path
    if _is_folder(nested) and _is_dataset(nested):
        return Side(spec, nested, f"{spec.rstrip('/')}/{data_path}", str(nested))
    raise RevisionNotFound(
        f"{spec} is a folder but holds no dataset ({RECOMMENDATIONS_FILE} or {STUDIES_DIR}/), nor does {Path(spec) / data_path};"
        " name the dataset folder with --data-path DIR, or data in the configuration"
    )


def _commit(spec: str, repo: Path) -> str:
    """The commit ``spec`` names, as git reads it (``HEAD~1``, ``:/message``, a tag, a sha).

    The text is resolved as given (``--end-of-options``: never an option) and only then peeled
    to a commit, so revision syntax such as ``:/text`` keeps its meaning.
    """
    named = git(["rev-parse", "--verify", "--quiet", "--end-of-options", spec], repo)
    if named.returncode != 0 or not named.stdout.strip():
        raise RevisionNotFound(f"{spec} is neither a folder nor a revision of the git repository at {repo}")
    sha = named.stdout.decode().strip()
    kind = git(["cat-file", "-t", sha], repo).stdout.decode().strip()
    if kind == "tag":  # an annotated tag: the commit it points at
        peeled = git(["rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}"], repo)
        kind, sha = ("commit", peeled.stdout.decode().strip()) if peeled.returncode == 0 else (kind, sha)
    if kind != "commit":
        raise RevisionNotFound(f"{spec} names a git {kind or 'object'}, not a commit")
    return sha


def repository(cwd: Path, spec: str | None = None) -> Path:
    """The top folder of the git repository ``cwd`` is in.

    Raises :class:`RevisionNotFound` (naming ``spec``, the argument that needed git) without git
    or outside a repository.
    """
    what = f"{spec} is not a folder, and " if spec is not None else ""
    try:
        top = git(["rev-parse", "--show-toplevel"], cwd)
    except FileNotFoundError:
        raise RevisionNotFound(f"{what}git is not installed to read it as a revision") from None
    if top.returncode != 0:
        raise RevisionNotFound(f"{what}{cwd.resolve()} is not inside a git repository")
    return Path(top.stdout.decode().strip())


def revision_folder(repo: Path, sha: str, data_path: str, stack: ExitStack) -> Path | None:
    """A temporary copy of the folder ``data_path`` at commit ``sha`` (None when it has none),
    removed again when ``stack`` closes."""
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kinship-evidence-diff-")))
    try:
        copy_tree(git, repo, sha, data_path.strip("/") or ".", folder)
    except TreeMissing:
        return None
    return folder


def _tree_path(data_path: str, configured: Path | None, repo: Path) -> str:
    """The dataset folder inside the repository: ``--data-path``, else the configured ``data`` relative to the top."""
    if configured is None:
        return data_path.strip("/") or "."
    inside = os.path.relpath(configured.resolve(), repo.resolve())
    if inside == os.pardir or inside.startswith(os.pardir + os.sep):
        raise RevisionNotFound(
            f"the configured data folder {configured} is outside the git repository at {repo};"
            " name the folder inside it with --data-path DIR"
        )
    return Path(inside).as_posix()


def _revision_side(spec: str, cwd: Path, data_path: str, stack: ExitStack, configured: Path | None = None) -> Side:
    repo = repository(cwd, spec)
    sha = _commit(spec, repo)
    tree_path = _tree_path(data_path, configured, repo)
    folder = revision_folder(repo, sha, tree_path, stack)
    if folder is None:
        raise RevisionNotFound(
            f"revision {spec} has no folder {tree_path!r} (choose it with --data-path DIR, or data in the configuration)"
        )
    return Side(spec, folder, f"{spec} ({sha[:7]})", f"{spec}:{tree_path}")


def resolve_side(spec: str, data_path: str, stack: ExitStack, cwd: Path = Path("."), configured: Path | None = None) -> Side:
    """An existing folder is a dataset folder (or holds one at ``data_path``); else a git revision.

    ``configured``: the configuration's ``data`` folder (as a path from ``cwd``), used for a
    revision's dataset folder when ``--data-path`` was not given.

    A folder wins over a revision of the same name; write ``NAME^{commit}`` to mean the revision.
    """
    if not spec.strip():
        raise RevisionNotFound(f"an empty argument names neither a folder nor a revision ({spec!r})")
    folder = cwd / spec
    state = path_state(folder)
    if isinstance(state, OSError):
        raise RevisionNotFound(f"cannot look into {spec}: {state.strerror or state}")
    if state is not None and stat.S_ISDIR(state):
        return _folder_side(spec, folder, data_path)
    return _revision_side(spec, cwd, data_path, stack, configured)
