"""The interface language a user chose, kept with the account.

Revision ID: c3d9e5f7a1b2
Revises: b7e2f1a9c3d4
Create Date: 2026-12-03 16:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c3d9e5f7a1b2"
down_revision = "b7e2f1a9c3d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("language")
