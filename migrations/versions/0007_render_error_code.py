"""render errors stored as a code with parameters, shown in the reader's language; the
English messages stored before are kept as the detail and read as a generic failure (or an
interrupted render)

Revision ID: 0007_render_error_code
Revises: 0006_perf
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_render_error_code"
down_revision = "0006_perf"
branch_labels = None
depends_on = None

# The one English message the portal stored for a render that died on every attempt.
INTERRUPTED = "The rendering stopped without finishing on every attempt (the process died)."


def upgrade():
    with op.batch_alter_table("record_edition") as batch_op:
        batch_op.add_column(sa.Column("render_error_code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("render_error_params", sa.JSON(), nullable=True))
    edition = sa.table("record_edition", sa.column("render_error", sa.Text()),
                       sa.column("render_error_code", sa.String()))
    op.execute(edition.update().where(edition.c.render_error == INTERRUPTED)
               .values(render_error_code="interrupted"))
    op.execute(edition.update().where(edition.c.render_error.is_not(None),
                                      edition.c.render_error_code.is_(None))
               .values(render_error_code="render_failed"))


def downgrade():
    with op.batch_alter_table("record_edition") as batch_op:
        batch_op.drop_column("render_error_params")
        batch_op.drop_column("render_error_code")
