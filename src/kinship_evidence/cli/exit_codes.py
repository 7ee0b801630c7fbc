"""Named process exit codes, shared by every command."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # clean: nothing to report
    FINDINGS = 1  # invalid data, unacknowledged rating drift, or a changed rating
    USAGE_OR_INTERNAL_ERROR = 2  # bad command line, unreadable option value, or a bug
    INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report 128 + signal 2
    TERMINATED = 143  # SIGTERM, as shells report 128 + signal 15 (after cleaning up)
