"""Tables for the terminal and documents: ratings, what-if, risk of bias, summary of findings."""
