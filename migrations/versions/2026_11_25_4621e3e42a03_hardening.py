"""Hardening: sign-ins that can end, public credit, review rounds, an append-only audit log.

Revision ID: 4621e3e42a03
Revises: c5a183667b0d
Create Date: 2026-11-25 15:59:50.469942

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4621e3e42a03"
down_revision = "c5a183667b0d"
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "audit events are append-only: they cannot be changed or deleted"

# SQLite has no trigger functions: one trigger per statement kind, each aborting it. REPLACE
# (INSERT OR REPLACE) deletes the old row without firing DELETE triggers, so an insert may
# not reuse an id either.
SQLITE_TRIGGERS = [
    *(
        f"""
        CREATE TRIGGER audit_events_no_{kind} BEFORE {kind.upper()} ON audit_events
        BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END
        """
        for kind in ("update", "delete")
    ),
    f"""
    CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
    WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END
    """,
]
POSTGRES_TRIGGERS = [
    f"""
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
    """,
    """
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
    """,
]


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("credit_mode", sa.String(length=12), server_default="name", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_users_credit_mode_valid"), "credit_mode IN ('name', 'affiliation')"
        )

    op.create_table(
        "sign_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sign_ins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_ins")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_sign_ins_key_hash")),
    )
    with op.batch_alter_table("sign_ins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_ins_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review_round", sa.Integer(), server_default="0", nullable=False)
        )
    # Every version ever submitted has been in at least one review round.
    op.execute(
        "UPDATE report_versions SET review_round = 1 WHERE state NOT IN ('draft', 'withdrawn')"
    )
    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.create_check_constraint(
            batch_op.f("ck_report_versions_submitted_in_a_round"),
            "review_round >= 1 OR state IN ('draft', 'withdrawn')",
        )

    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("review_round", sa.Integer(), server_default="1", nullable=False)
        )
    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.alter_column("review_round", server_default=None)
        batch_op.drop_constraint(
            batch_op.f("uq_signoffs_version_id_reviewer_id_content_hash"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_signoffs_version_id_review_round_reviewer_id_decision"),
            ["version_id", "review_round", "reviewer_id", "decision"],
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_signoffs_review_round_positive"), "review_round >= 1"
        )

    for statement in _triggers():
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER audit_events_no_replace")
        op.execute("DROP TRIGGER audit_events_no_delete")
        op.execute("DROP TRIGGER audit_events_no_update")

    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_signoffs_review_round_positive"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("uq_signoffs_version_id_review_round_reviewer_id_decision"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_signoffs_version_id_reviewer_id_content_hash"),
            ["version_id", "reviewer_id", "content_hash"],
        )
        batch_op.drop_column("review_round")

    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_report_versions_submitted_in_a_round"), type_="check"
        )
        batch_op.drop_column("review_round")

    with op.batch_alter_table("sign_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_ins_user_id"))
    op.drop_table("sign_ins")

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_credit_mode_valid"), type_="check")
        batch_op.drop_column("credit_mode")


def _triggers():
    return POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
