"""The data format: bytes to validated models, with every problem as a located finding.

Strict YAML (``strict_yaml``), file reading (``text_files``), field location (``locating``),
pydantic-message translation (``messages``), the models (``models`` and the modules it
gathers), one file (``records``), the dataset folder (``dataset``), cross-file checks
(``dataset_rules``), whole-dataset validation (``validation``) and JSON Schema export
(``schema``). Imports only ``stats`` (the shared measure vocabulary), ``findings`` and ``errors``.
"""
