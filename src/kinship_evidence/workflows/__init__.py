"""Use cases, one a module: each returns data and never prints.

``evaluate`` (validate then rate), ``drift`` (derived against published), ``what_if``,
``diff`` (with ``revisions`` for git), ``explain`` (find one recommendation), ``new_study``
and ``locations`` (which dataset folder).
"""
