"""speaking opportunities, applications, selections and oral statements (issue 13)

New tables only: an existing database upgrades with its data untouched.

Revision ID: 0009_speakers
Revises: 0008_notifications
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_speakers'
down_revision = '0008_notifications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('speaking_opportunity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sessions', sa.JSON(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('series', sa.String(length=60), nullable=False),
    sa.Column('slots', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('covers', sa.Text(), nullable=True),
    sa.Column('deadline', sa.DateTime(), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_speaking_opportunity_agenda_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_speaking_opportunity_confirmed_by_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_speaking_opportunity_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['group_id'], ['major_group.id'], name=op.f('fk_speaking_opportunity_group_id_major_group')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_speaking_opportunity_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_speaking_opportunity_record_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaking_opportunity'))
    )
    with op.batch_alter_table('speaking_opportunity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaking_opportunity_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaking_opportunity_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaking_opportunity_series'), ['series'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaking_opportunity_status'), ['status'], unique=False)

    op.create_table('speaker_selection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('application_ids', sa.JSON(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=True),
    sa.Column('saved_at', sa.DateTime(), nullable=True),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['opportunity_id'], ['speaking_opportunity.id'], name=op.f('fk_speaker_selection_opportunity_id_speaking_opportunity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['saved_by_id'], ['user_account.id'], name=op.f('fk_speaker_selection_saved_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_selection')),
    sa.UniqueConstraint('opportunity_id', name=op.f('uq_speaker_selection_opportunity_id'))
    )
    op.create_table('speaking_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('gender', sa.String(length=20), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.String(length=10), nullable=True),
    sa.Column('frontline', sa.Boolean(), nullable=False),
    sa.Column('frontline_description', sa.Text(), nullable=True),
    sa.Column('travel_need', sa.Text(), nullable=True),
    sa.Column('cost_estimate', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('outcome_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['major_group.id'], name=op.f('fk_speaking_application_group_id_major_group')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['speaking_opportunity.id'], name=op.f('fk_speaking_application_opportunity_id_speaking_opportunity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_speaking_application_organization_id_organization')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_speaking_application_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaking_application')),
    sa.UniqueConstraint('opportunity_id', 'user_id', name=op.f('uq_speaking_application_opportunity_id'))
    )
    with op.batch_alter_table('speaking_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaking_application_opportunity_id'), ['opportunity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaking_application_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaking_application_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaking_application_user_id'), ['user_id'], unique=False)

    op.create_table('oral_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('delivered', sa.Boolean(), nullable=True),
    sa.Column('marked_at', sa.DateTime(), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['speaking_application.id'], name=op.f('fk_oral_statement_application_id_speaking_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_oral_statement_record_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oral_statement')),
    sa.UniqueConstraint('application_id', name=op.f('uq_oral_statement_application_id'))
    )


def downgrade():
    op.drop_table('oral_statement')
    with op.batch_alter_table('speaking_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaking_application_user_id'))
        batch_op.drop_index(batch_op.f('ix_speaking_application_status'))
        batch_op.drop_index(batch_op.f('ix_speaking_application_organization_id'))
        batch_op.drop_index(batch_op.f('ix_speaking_application_opportunity_id'))

    op.drop_table('speaking_application')
    op.drop_table('speaker_selection')
    with op.batch_alter_table('speaking_opportunity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaking_opportunity_status'))
        batch_op.drop_index(batch_op.f('ix_speaking_opportunity_series'))
        batch_op.drop_index(batch_op.f('ix_speaking_opportunity_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_speaking_opportunity_group_id'))

    op.drop_table('speaking_opportunity')
