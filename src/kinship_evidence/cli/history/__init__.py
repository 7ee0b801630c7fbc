"""``history``: the command of a rating over time."""
