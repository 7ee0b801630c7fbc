"""Evidence in and out: extraction sheets and robvis tables into records; metafor and robvis tables out."""
