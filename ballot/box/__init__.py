"""box package."""
