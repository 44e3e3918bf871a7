"""files store in the database: file_blob

Revision ID: 0002_files_store
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_files_store"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "file_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_file_blob")),
    )


def downgrade():
    op.drop_table("file_blob")
