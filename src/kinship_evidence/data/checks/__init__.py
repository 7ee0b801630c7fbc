"""Checks beyond one field: cross-field and cross-file rules, and pydantic errors in plain words."""
