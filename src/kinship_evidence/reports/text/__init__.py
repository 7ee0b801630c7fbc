"""Plain text for people: escaping, symbols, wrapping, natural-scale effects, the terminal."""
