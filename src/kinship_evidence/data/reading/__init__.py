"""Reading a data file: bytes to Python values, strictly, and where a value is in its file."""
