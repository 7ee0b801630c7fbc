"""Copying a revision's dataset folder out of git, with its committed symbolic links.

``git ls-tree -r -t -z`` lists the committed files, folders and links, and ``git cat-file
--batch`` reads the files' contents: plumbing, which sees every committed file (``git archive``
would honour ``export-ignore`` in ``.gitattributes`` and leave files out). A link is never written into the copy
as a link (it could point out of the copy); instead git resolves it inside the repository at
that revision (``git cat-file --batch-check --follow-symlinks``), so the copy holds what the
working tree would show:

- a link to a file of the repository: that file's content (the blob), as a regular file;
- a link to a folder of the repository: that folder, copied the same way (to the depth the
  loader reads: ``studies/`` and its entries);
- a link that points nowhere, or out of the repository: a dangling link inside the copy (so the
  loader reports it exactly as it reports a dangling link in the working tree);
- a link loop: a link to itself inside the copy (the same "too many levels" finding); a link
  through a file: a link through an empty hidden file of the copy ("not a directory").
"""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from kinship_evidence.frozen import frozen

Git = Callable[..., subprocess.CompletedProcess[bytes]]

# The loader reads DATA/recommendations.yaml, DATA/studies/ and DATA/studies/NAME: nothing
# deeper matters, and stopping there also ends a link to a folder that contains itself.
_DEPTH = 2
DANGLING_TARGET = ".kinship-evidence-link-points-nowhere"  # a name the copy never holds
NOT_A_FOLDER = ".kinship-evidence-not-a-folder"  # an empty file: a link through it is "not a directory"


class TreeMissing(Exception):
    """The path names no folder at the revision."""


def resolve(git: Git, repo: Path, specs: list[str]) -> list[tuple[str, str]]:
    """``(kind, object id)`` for each ``REV:path``, following links inside the revision's tree.

    ``kind`` is ``blob`` or ``tree`` (with its id), or one of git's ``dangling``, ``loop``,
    ``symlink`` (out of the tree), ``notdir``, ``missing`` (with an empty id).
    """
    if not specs:
        return []
    if any("\n" in spec for spec in specs):  # the batch protocol is line-based
        return [("missing", "") if "\n" in spec else resolve(git, repo, [spec])[0] for spec in specs]
    output = git(["cat-file", "--batch-check", "--follow-symlinks"], repo, "".join(f"{s}\n" for s in specs).encode())
    stream = io.BytesIO(output.stdout)
    results = []
    for _ in specs:
        header = stream.readline().rstrip(b"\n").decode("utf-8", "replace")
        words = header.split(" ")
        if len(words) == 3 and words[1] in ("blob", "tree", "commit", "tag"):
            results.append((words[1], words[0]))
        elif words[0] in ("dangling", "loop", "symlink", "notdir") and len(words) == 2 and words[1].isdigit():
            stream.read(int(words[1]) + 1)  # the echoed name or the link's target, and its newline
            results.append((words[0], ""))
        else:  # "NAME missing", or anything unexpected
            results.append(("missing", ""))
    return results


@frozen(slots=True)
class _Entry:
    mode: str
    kind: str  # blob | tree | commit (a submodule)
    object_id: str
    name: str  # relative to the tree being copied

    @property
    def is_link(self) -> bool:
        return self.mode == _LINK_MODE


_LINK_MODE = "120000"


def _entries(git: Git, repo: Path, tree: str, depth: int) -> list[_Entry]:
    """Every entry of ``tree`` (folders too) to ``depth`` levels below it: ``git ls-tree -r -t -z``.

    Plumbing, unlike ``git archive``, ignores ``.gitattributes`` (``export-ignore``,
    ``export-subst``): the copy holds exactly the committed files.
    """
    listing = git(["ls-tree", "-r", "-t", "-z", "--end-of-options", tree], repo)
    if listing.returncode != 0:
        raise TreeMissing(tree)
    entries = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        head, _, name = record.partition(b"\t")
        mode, kind, object_id = head.decode("ascii", "replace").split(" ")
        entry = _Entry(mode, kind, object_id, os.fsdecode(name))
        if entry.name.count("/") <= depth:
            entries.append(entry)
    return entries


def _blobs(git: Git, repo: Path, object_ids: list[str]) -> list[bytes]:
    """The contents of ``object_ids``, in order, in one ``git cat-file --batch``."""
    if not object_ids:
        return []
    output = git(["cat-file", "--batch"], repo, "".join(f"{oid}\n" for oid in object_ids).encode())
    stream = io.BytesIO(output.stdout)
    contents = []
    for _ in object_ids:
        words = stream.readline().rstrip(b"\n").split(b" ")
        if len(words) != 3 or not words[2].isdigit():
            raise TreeMissing(b" ".join(words).decode("utf-8", "replace"))
        contents.append(stream.read(int(words[2])))
        stream.read(1)  # the newline after the content
    return contents


def copy_tree(git: Git, repo: Path, sha: str, tree_path: str, folder: Path) -> None:
    """Copy the folder ``tree_path`` of commit ``sha`` (links resolved) into ``folder``.

    Raises :class:`TreeMissing` when ``tree_path`` is no folder at ``sha`` (itself a link to one is fine).
    """
    spec = f"{sha}^{{tree}}" if tree_path == "." else f"{sha}:{tree_path}"
    kind, tree = resolve(git, repo, [spec])[0]
    if kind != "tree":
        raise TreeMissing(tree_path)
    prefix = "" if tree_path == "." else f"{tree_path}/"
    _copy(git, repo, sha, tree, prefix, folder, _DEPTH)


def _copy(git: Git, repo: Path, sha: str, tree: str, prefix: str, folder: Path, depth: int) -> None:
    entries = [entry for entry in _entries(git, repo, tree, depth) if _inside(folder, folder / entry.name)]
    for entry in entries:
        if entry.kind in ("tree", "commit"):  # a folder, or a submodule (an empty folder, as git shows it)
            (folder / entry.name).mkdir(parents=True, exist_ok=True)
    files = [entry for entry in entries if entry.kind == "blob" and not entry.is_link]
    for entry, content in zip(files, _blobs(git, repo, [entry.object_id for entry in files]), strict=True):
        path = folder / entry.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    links = [entry for entry in entries if entry.kind == "blob" and entry.is_link]
    targets = resolve(git, repo, [f"{sha}:{prefix}{link.name}" for link in links])
    for link, (kind, object_id) in zip(links, targets):
        path = folder / link.name
        if not _inside(folder, path):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "blob":
            path.write_bytes(git(["cat-file", "blob", object_id], repo).stdout)
        elif kind == "tree":
            path.mkdir(exist_ok=True)
            below = depth - link.name.count("/") - 1
            if below >= 0:
                _copy(git, repo, sha, object_id, f"{prefix}{link.name}/", path, below)
        elif kind == "loop":
            os.symlink(path.name, path)  # itself: "Too many levels of symbolic links"
        elif kind == "notdir":  # through a file, as the working tree would: "Not a directory"
            (path.parent / NOT_A_FOLDER).touch()
            os.symlink(f"{NOT_A_FOLDER}/x", path)
        else:  # dangling, out of the repository, a submodule, not a folder: nothing to read
            os.symlink(DANGLING_TARGET, path)


def _inside(folder: Path, path: Path) -> bool:
    return os.path.normpath(path).startswith(os.path.normpath(folder) + os.sep)
