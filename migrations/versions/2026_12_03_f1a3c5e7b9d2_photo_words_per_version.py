"""A photo's caption, credit, licence and date belong to the version that shows it; a
citation may be marked as supporting the report's attribution.

Photo rows are shared between versions (one stored original per SHA-256), so words kept on
the photo would change a published version whenever a later draft changed them.

Revision ID: f1a3c5e7b9d2
Revises: e5b7d9f1a3c6
Create Date: 2026-12-03 19:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f1a3c5e7b9d2"
down_revision = "e5b7d9f1a3c6"
branch_labels = None
depends_on = None

LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0", "permission")


def upgrade():
    with op.batch_alter_table("version_photos") as batch_op:
        batch_op.add_column(sa.Column("credit", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column("licence", sa.String(length=40), nullable=False, server_default="CC-BY-4.0")
        )
        batch_op.add_column(sa.Column("taken_on", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_version_photos_licence_known"),
            "licence IN (" + ", ".join(f"'{c}'" for c in LICENCES) + ")",
        )
    with op.batch_alter_table("photos") as batch_op:
        batch_op.drop_column("credit")
        batch_op.drop_column("licence")
    with op.batch_alter_table("report_citations") as batch_op:
        batch_op.add_column(
            sa.Column(
                "supports_attribution", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade():
    with op.batch_alter_table("report_citations") as batch_op:
        batch_op.drop_column("supports_attribution")
    with op.batch_alter_table("photos") as batch_op:
        batch_op.add_column(sa.Column("credit", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("licence", sa.String(length=100), nullable=True))
    with op.batch_alter_table("version_photos") as batch_op:
        batch_op.drop_constraint(op.f("ck_version_photos_licence_known"), type_="check")
        batch_op.drop_column("taken_on")
        batch_op.drop_column("licence")
        batch_op.drop_column("credit")
