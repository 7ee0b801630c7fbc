"""Pure data and rules that models are built on: vocabularies and algorithms, no project imports."""
