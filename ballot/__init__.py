"""ballot: secure online elections for Berlin's neighbourhood councils and residents' juries.

This top-level module stays free of Flask and SQLAlchemy so that the pure packages
(`ballot.tokens`, `ballot.box`, `ballot.tally`) can be used by an observer on their own.
"""

__version__ = "0.1.0"
