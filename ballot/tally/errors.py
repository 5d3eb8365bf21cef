"""The one error the counting rules raise for input they cannot count."""


class AllocationError(ValueError):
    """A request, quota or composition that cannot be counted, naming the field at fault.

    `str(error)` reads ``"<field>: <problem>"`` so the CLI can print it as it is.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
