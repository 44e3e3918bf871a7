"""render lease: an edition queued or being rendered is taken for lost once its lease ends

Revision ID: 0004_render_lease
Revises: 0003_import_jobs
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_render_lease"
down_revision = "0003_import_jobs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("record_edition") as batch_op:
        batch_op.add_column(sa.Column("render_lease_until", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("record_edition") as batch_op:
        batch_op.drop_column("render_lease_until")
