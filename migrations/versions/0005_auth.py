"""Account security: reset links bound to the password, account mail log

Revision ID: 0005_auth
Revises: 0004_render_lease
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_auth"
down_revision = "0004_render_lease"
branch_labels = None
depends_on = None


def upgrade():
    # Links issued before this revision carry no fingerprint and stop working: they expire
    # within the hour anyway.
    with op.batch_alter_table("auth_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_fingerprint", sa.String(length=64),
                                      server_default="", nullable=False))
    op.create_table(
        "mail_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("requested_from", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_sent")),
    )
    with op.batch_alter_table("mail_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_sent_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_sent_recipient"), ["recipient"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_sent_requested_from"), ["requested_from"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("mail_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_sent_requested_from"))
        batch_op.drop_index(batch_op.f("ix_mail_sent_recipient"))
        batch_op.drop_index(batch_op.f("ix_mail_sent_at"))
    op.drop_table("mail_sent")
    with op.batch_alter_table("auth_token", schema=None) as batch_op:
        batch_op.drop_column("password_fingerprint")
