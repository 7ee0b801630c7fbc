"""Datasets at git revisions: ``diff`` and the copies it reads."""
