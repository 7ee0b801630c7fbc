"""The command line: parse options, call one workflow, hand its result to a reporter, exit."""

from kinship_evidence.cli.app import app, main

__all__ = ["app", "main"]
