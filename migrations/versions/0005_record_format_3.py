"""record format 3 for new elections: the counting rules enter the manifest

Elections whose key ceremony is held keep the format they were set up in (1 or 2); drafts
get format 3, which their ceremony will set anyway.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("election") as batch:
        batch.alter_column("record_format", server_default="ballot-record/3")
    op.execute("UPDATE election SET record_format = 'ballot-record/3' WHERE public_key IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("election") as batch:
        batch.alter_column("record_format", server_default="ballot-record/2")
    op.execute("UPDATE election SET record_format = 'ballot-record/2' WHERE public_key IS NULL")
