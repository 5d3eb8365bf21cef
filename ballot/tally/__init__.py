"""tally package."""
