"""Counting rules: seat allocation, quotas, substitutes, lot and apportionment (DESIGN §6).

Pure functions over counts with exact arithmetic; no Flask, no database.
"""

from ballot.tally.allocate import METHODS, allocate, request_hash
from ballot.tally.composition import check_composition
from ballot.tally.errors import AllocationError
from ballot.tally.feasibility import check_quotas_feasible, quota_problems
from ballot.tally.lot import lot_permutation, lot_seed

__all__ = [
    "METHODS",
    "AllocationError",
    "allocate",
    "check_composition",
    "check_quotas_feasible",
    "lot_permutation",
    "lot_seed",
    "quota_problems",
    "request_hash",
]
