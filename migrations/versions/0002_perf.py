"""the data generation that invalidates cached anonymous pages

Revision ID: 0002_perf
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_perf"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cache_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cache_generation")),
    )


def downgrade():
    op.drop_table("cache_generation")
