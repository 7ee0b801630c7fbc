"""Writers of the files that leave the toolkit for other tools: metafor CSVs and R script, robvis tables."""
