"""record format per election: fixed at the key ceremony, since it enters the base hash

Elections whose ceremony was held before this revision were built as "ballot-record/1"
and stay so; their ballots, share files and base hash depend on it.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("election") as batch:
        batch.add_column(
            sa.Column(
                "record_format",
                sa.String(40),
                server_default="ballot-record/2",
                nullable=False,
            )
        )
    op.execute("UPDATE election SET record_format = 'ballot-record/1' WHERE public_key IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("election") as batch:
        batch.drop_column("record_format")
