"""``python -m kinship_evidence`` and the ``kinship-evidence`` console script.

Ctrl-C while the command line is still being imported ends the run as Ctrl-C does later on:
"interrupted" on standard error, exit 130, no traceback.
"""

import sys


def run() -> None:
    try:
        from kinship_evidence.cli.app import main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
