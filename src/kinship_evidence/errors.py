"""The two kinds of failure, behind one boundary (``cli.app.main``).

* :class:`UsageError`: the user asked for something that cannot be done as asked (a folder
  that is not there, an id that names nothing, a file that cannot be written). The command
  line prints ``error: MESSAGE`` and exits 2. Every package raises subclasses of it; the
  CLI catches the base class once.
* Anything else escaping a command is a bug: the boundary prints a short "internal error"
  note (never a traceback) and exits 2.

Problems *in the data* are neither: they are :class:`~kinship_evidence.findings.Finding`
values, reported and counted (exit 1).
"""

from __future__ import annotations


class UsageError(Exception):
    """A command-line value that names nothing or cannot be used (exit code 2).

    ``setting`` and ``value``: the setting (``framework``) and the value of it that the error is
    about, when the value may have come from the configuration rather than the command line;
    ``subject``, the start of the message that names the value, after which
    :meth:`with_origin` says where it came from.
    """

    def __init__(self, message: str = "", setting: str | None = None, value: object = None, subject: str = "") -> None:
        super().__init__(message)
        self.setting, self.value, self.subject = setting, value, subject

    def with_origin(self, origin: str) -> UsageError:
        """The same message with ``(from ORIGIN)`` after its subject: ``unknown framework 'x' (from pyproject.toml:5:1, ...)``."""
        text = str(self)
        cut = len(self.subject) if self.subject and text.startswith(self.subject) else len(text)
        return type(self)(f"{text[:cut]} (from {origin}){text[cut:]}")

    @property
    def problems(self) -> tuple[str, ...]:
        """Each problem of the error, printed as an ``error: ...`` line of its own; most errors have one."""
        return (str(self),)


class DatasetNotFound(UsageError):
    """The folder given as a dataset does not exist or is not a folder."""


class NoDataset(UsageError):
    """A gate command (``check``, ``validate``, ``diff``) run where no dataset is named or found."""


class UnknownName(UsageError):
    """An id on the command line (framework, study, recommendation) that names nothing."""


class FileNotGiven(UsageError):
    """A file named on the command line (``--with``, ``--rules``) that does not exist."""


class RevisionNotFound(UsageError):
    """An argument of ``diff`` that names neither a dataset folder nor a git revision."""


class BadStudyId(UsageError):
    """A new study's id that is not a slug."""


class NoDataFolder(UsageError):
    """No dataset folder to write a new record into."""


class RecordExists(Exception):
    """``new`` refused to overwrite an existing record (a finding: exit code 1, file untouched)."""
