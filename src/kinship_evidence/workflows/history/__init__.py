"""``history``: a recommendation's rating over time, by publication year or by git commit."""
