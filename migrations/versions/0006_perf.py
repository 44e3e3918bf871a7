"""the data generation that invalidates cached anonymous pages; participation figures kept
up to date (counted once here from the existing inputs)

Revision ID: 0006_perf
Revises: 0005_auth
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_perf"
down_revision = "0005_auth"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cache_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cache_generation")),
    )
    op.create_table(
        "participation_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=20), nullable=False),
        sa.Column("region", sa.String(length=10), nullable=False),
        sa.Column("frontline", sa.Boolean(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultation.id"],
                                name=op.f("fk_participation_tally_consultation_id_consultation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_tally")),
        sa.UniqueConstraint("consultation_id", "gender", "region", "frontline",
                            name=op.f("uq_participation_tally_consultation_id")),
    )
    with op.batch_alter_table("declaration") as batch_op:
        batch_op.add_column(sa.Column("accepted_inputs", sa.Integer(), server_default="0",
                                      nullable=False))
    # The same statements as portal.consultations.tally.rebuild, for every consultation.
    op.execute("""
        UPDATE declaration SET accepted_inputs = counted.inputs
        FROM (SELECT declaration_id, count(*) AS inputs FROM consultation_input
              WHERE status = 'accepted' GROUP BY declaration_id) AS counted
        WHERE declaration.id = counted.declaration_id""")
    op.execute("""
        INSERT INTO participation_tally
            (consultation_id, gender, region, frontline, people, inputs)
        SELECT consultation_id, gender, coalesce(region, ''), frontline, count(*),
               sum(accepted_inputs)
        FROM declaration WHERE accepted_inputs > 0
        GROUP BY consultation_id, gender, coalesce(region, ''), frontline""")


def downgrade():
    with op.batch_alter_table("declaration") as batch_op:
        batch_op.drop_column("accepted_inputs")
    op.drop_table("participation_tally")
    op.drop_table("cache_generation")
