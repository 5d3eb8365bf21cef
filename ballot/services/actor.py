"""Who acts: a logged-in account, or the operator at the command line."""

from dataclasses import dataclass

from ballot.models import Account


@dataclass(frozen=True)
class Actor:
    label: str
    account: Account | None = None
    # The operator at the shell has every right; accounts are checked against their roles.
    is_operator: bool = False

    @property
    def account_id(self) -> int | None:
        return self.account.id if self.account is not None else None


def operator_actor(name: str = "cli") -> Actor:
    return Actor(label=f"operator:{name}", is_operator=True)


def account_actor(account: Account) -> Actor:
    return Actor(label=f"account:{account.id}:{account.email}", account=account)
