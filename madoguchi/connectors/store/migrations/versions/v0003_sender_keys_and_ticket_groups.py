"""Cases keyed by a digest of their sender (per-sender caps), and tickets that gather cases.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("sender_key", sa.String(32), nullable=True))
        batch.create_index("ix_cases_sender", ["sender_key", "received_at"])
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("group_key", sa.Text, nullable=True))
        batch.create_index("ix_tickets_group", ["group_key", "status"])
    op.create_table(
        "ticket_cases",
        sa.Column(
            "case_id", sa.Integer, sa.ForeignKey("cases.id", name="fk_ticket_cases_case"),
            primary_key=True,
        ),
        sa.Column(
            "ticket_id", sa.Integer,
            sa.ForeignKey("tickets.id", name="fk_ticket_cases_ticket"), nullable=False,
        ),
    )
    op.create_index("ix_ticket_cases_ticket", "ticket_cases", ["ticket_id"])


def downgrade() -> None:
    op.drop_index("ix_ticket_cases_ticket", table_name="ticket_cases")
    op.drop_table("ticket_cases")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_group")
        batch.drop_column("group_key")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_sender")
        batch.drop_column("sender_key")
