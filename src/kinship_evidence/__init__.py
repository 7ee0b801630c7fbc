"""kinship-evidence: evidence datasets in, evidence ratings out."""

__version__ = "0.1.0"
