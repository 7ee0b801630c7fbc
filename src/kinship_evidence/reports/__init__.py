"""Result in, text out: one registry of writers per result kind. Rich only in the table writers."""
