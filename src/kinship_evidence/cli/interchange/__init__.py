"""The command line of evidence in and out: the ``import`` and ``export`` sub-commands."""
