"""Use cases: one function per action a person can take (see DESIGN §2)."""
