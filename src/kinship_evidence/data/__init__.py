"""The data format: bytes to validated models, with every problem as a located finding.

Rooms: ``reading`` (strict YAML, reading one file, field locations), ``models`` (the Pydantic
models and closed vocabularies: the read-only part that reports may import), ``checks``
(pydantic errors in plain words, cross-field and cross-file rules, whole-dataset validation) and
``risk_of_bias`` (tool vocabularies and judgement algorithms); beside them one file
(``records``), the dataset folder (``dataset``) and JSON Schema export (``schema``). Imports only
``stats`` (the shared measure vocabulary) and the leaves ``findings``, ``errors`` and ``suggestions``.
"""
