"""Forest plots: what a plot shows (rows), as text, and drawn with matplotlib."""
