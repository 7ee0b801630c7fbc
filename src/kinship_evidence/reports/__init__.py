"""Reporters: turn findings and ratings into text. They return strings and never decide exit codes."""
