"""The Typer app and the one boundary where failures become exit codes.

Commands live in ``data_commands``, ``rating_commands`` and ``diff_command``; each parses its
options, calls one workflow and hands the result to a writer from ``reports.registry``.
:class:`~kinship_evidence.errors.UsageError` becomes ``error: ...`` and exit 2 here, once;
anything else is a bug, reported in one line (exit 2), never as a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys
from collections.abc import Mapping
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from kinship_evidence import __version__
from kinship_evidence.cli.exit_codes import ExitCode

# This process is the command line, not a library host: skip pydantic's scan of installed
# plugins (an entry-point lookup that costs more start-up time than validating a dataset).
# Set before any model module is imported (they are imported lazily, inside the commands).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _no_plugin_loader() -> None:
    """With every plugin disabled, pydantic's plugin loader finds none; skip importing it.

    The loader imports ``importlib.metadata`` (and with it ``email``, ``zipfile``...) only to
    return no plugins when ``PYDANTIC_DISABLE_PLUGINS`` is ``__all__``; a stand-in that returns
    none is the same, without that import. Left alone when the user chose other plugins.
    """
    import sys
    import types

    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__" or "pydantic.plugin._loader" in sys.modules:
        return
    loader = types.ModuleType("pydantic.plugin._loader")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules["pydantic.plugin._loader"] = loader


_no_plugin_loader()

INTERNAL_ERROR_NOTE = "This is a bug in kinship-evidence; please report it with the command you ran."


def _internal_error(error: BaseException) -> str:
    from kinship_evidence.reports.text.escaping import message

    return f"{message(f'internal error: {error.__class__.__name__}: {error}')}\n{INTERNAL_ERROR_NOTE}"


class _Boundary(TyperGroup):
    """Runs every command; the one place where failures become exit codes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from kinship_evidence.cli.params import plain_coercion

        plain_coercion(self)
        for command in self.commands.values():
            plain_coercion(command)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except (OSError, SystemExit) as error:  # `--help | head`: the help is printed while the arguments are parsed
            if not _is_closed_pipe(error):
                raise
            _closed_output()

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]  # typer.Context is the Context Typer passes
        from kinship_evidence.cli.output import prepare_streams
        from kinship_evidence.cli.settings import configured_origins, forget_origins

        prepare_streams()
        forget_origins()
        try:
            _require_current_folder()
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except (Exception, SystemExit) as error:
            if _is_closed_pipe(error):  # `rate --help | head`
                _closed_output()
            if isinstance(error, SystemExit) or _is_click_exception(error):  # usage errors Typer reports itself
                raise
            _fail(error, origins=configured_origins())
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None


def _require_current_folder() -> None:
    """A current folder that was deleted (or moved) under the shell is the user's to fix, not a bug."""
    from kinship_evidence.errors import UsageError

    try:
        os.getcwd()
    except FileNotFoundError:
        raise UsageError(
            "the current folder no longer exists (deleted or moved while the shell was in it); "
            "cd to a folder that exists and run the command again"
        ) from None


def _is_closed_pipe(error: BaseException) -> bool:
    """EPIPE, or Rich's exit 1 on it (Rich prints the help and turns a broken pipe into ``SystemExit(1)``)."""
    if isinstance(error, SystemExit):
        return error.code == 1 and isinstance(error.__context__, BrokenPipeError)
    return isinstance(error, OSError) and error.errno == errno.EPIPE


def _closed_output() -> NoReturn:
    """Standard output was closed by its reader (`--help | head`): said on stderr, exit 2, no noise at exit."""
    from kinship_evidence.cli.output import closed_output_message

    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush finds a sink, not a broken pipe
    typer.echo(f"error: {closed_output_message()}", err=True)
    raise typer.Exit(ExitCode.USAGE_OR_INTERNAL_ERROR)


def _is_click_exception(error: BaseException) -> bool:
    return any(kind.__name__ == "ClickException" for kind in type(error).__mro__)


def _asks_only_to_print(args: list[str]) -> bool:
    """No arguments, or --help or --version: a command line whose only result is on standard output."""
    return not args or any(arg in ("--help", "-h", "--version", "-V") for arg in args)


def _fail(error: Exception, exit_now: bool = False, origins: Mapping[str, tuple[object, str]] | None = None) -> NoReturn:
    """A user error prints ``error: ...`` (a line each of its problems); anything else is a bug; both exit 2.

    ``origins``: the settings the configuration chose (``cli.settings``), so that an error about
    one of their values says it came from there.
    """
    from kinship_evidence.errors import UsageError
    from kinship_evidence.reports.text.escaping import message

    if isinstance(error, UsageError):
        if origins:
            from kinship_evidence.cli.settings import with_origin

            error = with_origin(error, origins)
        typer.echo("\n".join(f"error: {message(problem)}" for problem in error.problems), err=True)
    else:
        typer.echo(_internal_error(error), err=True)
    if exit_now:  # outside a command (no Typer to turn Exit into an exit code)
        sys.exit(ExitCode.USAGE_OR_INTERNAL_ERROR)
    raise typer.Exit(ExitCode.USAGE_OR_INTERNAL_ERROR) from None


app = typer.Typer(
    cls=_Boundary,
    name="kinship-evidence",
    help="Turn an evidence dataset into evidence ratings: validate, rate, check and explain.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kinship-evidence {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Turn an evidence dataset into evidence ratings: validate, rate, check and explain."""


@contextlib.contextmanager
def _only_the_command_named(argv: list[str]) -> Any:
    """While a run lasts, only the command its first argument names is registered.

    Typer turns every registered command into a Click command on each run (a sixth of the
    start-up); a run that names its command needs only that one. Anything else (an option
    first, no command, a misspelt one: its did-you-mean needs the others) keeps them all. The
    lists are restored afterwards, so an app used in-process (the tests) is unchanged.
    """
    from typer.main import get_command_name

    commands, groups = app.registered_commands, app.registered_groups
    wanted = argv[0] if argv and not argv[0].startswith("-") else None
    named = [
        info for info in commands
        if wanted is not None and (info.name or get_command_name(info.callback.__name__ if info.callback else "")) == wanted
    ]
    named_groups = [info for info in groups if wanted is not None and info.name == wanted]
    if named or named_groups:
        app.registered_commands, app.registered_groups = named, named_groups
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def main() -> None:
    """Console-script entry point (the commands' failures are handled by :class:`_Boundary`)."""
    # A run is short and its data has no reference cycles: the cyclic collector would only
    # rescan the growing set of loaded records (about a fifth of the time of a large run).
    gc.disable()
    from kinship_evidence.cli.termination import exit_cleanly_on_sigterm, exit_without_teardown

    exit_cleanly_on_sigterm()  # SIGTERM unwinds like Ctrl-C, so cleanup runs; exit 143
    if sys.stdout is None and _asks_only_to_print(sys.argv[1:]):  # `--help >&-`: nothing it asks for can be done
        from kinship_evidence.cli.output import OutputError

        _fail(OutputError("standard output is closed (nothing can be written)"), exit_now=True)
    try:
        with _only_the_command_named(sys.argv[1:]):
            app()
    except SystemExit as outcome:  # every run ends so (Click exits even on success)
        exit_without_teardown(outcome)
    except KeyboardInterrupt:  # between commands, e.g. while parsing
        typer.echo("interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as error:
        typer.echo(_internal_error(error), err=True)
        sys.exit(ExitCode.USAGE_OR_INTERNAL_ERROR)


# The commands register themselves on ``app``.
from kinship_evidence.cli import (  # noqa: E402, F401
    data_commands,
    diff_command,
    rating_commands,
    report_command,
    robustness_command,
)
from kinship_evidence.cli.history import history_command  # noqa: E402, F401
from kinship_evidence.cli.interchange import commands as interchange_commands  # noqa: E402, F401
