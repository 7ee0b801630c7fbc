"""One command's settings: its options, else the project configuration, else the defaults.

The configuration (``workflows.config``) is read once per run, only by the command that runs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from kinship_evidence.cli.options import FORMAT_CHOICES, method_overrides
from kinship_evidence.errors import UsageError
from kinship_evidence.frozen import frozen
from kinship_evidence.stats.methods import MethodOverrides
from kinship_evidence.workflows.project.locations import DataSource

if TYPE_CHECKING:
    from kinship_evidence.workflows.project.config import Config


@frozen
class Settings:
    source: DataSource
    output_format: str
    framework: str | None
    methods: MethodOverrides
    strict: bool
    color: str

    @property
    def root(self) -> Path:
        return self.source.root


def default_format(command: str) -> str:
    """The first format of ``command``; for findings, ``github`` inside GitHub Actions."""
    if FORMAT_CHOICES[command][0] == "text" and "github" in FORMAT_CHOICES[command] and os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return FORMAT_CHOICES[command][0]


#: The settings the running command took from the configuration: ``{setting: (value, origin)}``.
_CONFIGURED: ContextVar[Mapping[str, tuple[object, str]] | None] = ContextVar("configured", default=None)


def forget_origins() -> None:
    """A new command runs (the test suite runs many in one process): no setting has come from a configuration yet."""
    _CONFIGURED.set({})


def configured_origins() -> Mapping[str, tuple[object, str]]:
    return _CONFIGURED.get() or {}


def _remember_origins(config: Config, **given: object) -> None:
    """Note, for an error about one of them, the settings of ``given`` that the configuration chose (None given)."""
    _CONFIGURED.set({
        key: (getattr(config, key), config.origins[key]) for key, value in given.items()
        if value is None and getattr(config, key) is not None and key in config.origins
    })


def with_origin(error: UsageError, origins: Mapping[str, tuple[object, str]]) -> UsageError:
    """``error``, saying where its value came from when the configuration chose it."""
    value, origin = origins.get(error.setting or "", (None, None))
    return error.with_origin(origin) if origin is not None and error.value == value else error


def resolve(
    command: str,
    data: Path | None = None,
    output_format: str | None = None,
    framework: str | None = None,
    estimator: str | None = None,
    ci: str | None = None,
    prediction: str | None = None,
    strict: bool | None = None,
    color: str | None = None,
    dataset: bool = True,
) -> Settings:
    """The settings of ``command``: each option given, else the configuration's, else the default.

    ``dataset`` False (``diff``, whose arguments name its datasets): ``source`` is the configured
    ``data`` folder, or ``./data``, and nothing is looked for.
    """
    from kinship_evidence.workflows.project.config import load_config
    from kinship_evidence.workflows.project.locations import data_source

    config = load_config(FORMAT_CHOICES)
    if data is None and config.data is not None and dataset and not config.data.is_dir():
        from kinship_evidence.errors import DatasetNotFound

        raise DatasetNotFound(
            f"dataset folder not found: {config.data} (from {config.origins['data']}); correct data there, or give --data DIR"
        )
    _remember_origins(config, framework=framework, data=data)
    chosen_format = output_format or config.formats.get(command)
    if chosen_format is None and command in FORMAT_CHOICES:
        chosen_format = default_format(command)
    return Settings(
        source=data_source(data, config.data, config.path, command) if dataset else DataSource(
            config.data or Path("data"), config.path if config.data is not None else None
        ),
        output_format=chosen_format or "text",
        framework=framework or config.framework,
        methods=method_overrides(estimator or config.estimator, ci or config.ci, prediction or config.prediction),
        strict=strict if strict is not None else bool(config.strict),
        color=color or config.color or "auto",
    )
