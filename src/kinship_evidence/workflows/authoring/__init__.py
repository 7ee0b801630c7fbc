"""Writing new study records: ``new`` and its pre-filled values."""
