"""The case store's first schema: cases, raw mail, steps, replies, tickets, audit trail.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written out in full rather than imported from ``schema.py``: a migration is history
and must not change when the current table definitions do.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

GENESIS_HASH = "0" * 64


def _time(name: str, *, nullable: bool) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _case_fk(table: str, *, primary_key: bool) -> sa.Column[int]:
    foreign_key = sa.ForeignKey("cases.id", name=f"fk_{table}_case")
    return sa.Column("case_id", sa.Integer, foreign_key, primary_key=primary_key, nullable=False)


def upgrade() -> None:
    op.create_table(
        "mailbox_checkpoints",
        sa.Column("mailbox", sa.String(255), primary_key=True),
        sa.Column("uidvalidity", sa.BigInteger, nullable=False),
        sa.Column("last_uid", sa.BigInteger, nullable=False),
        _time("updated_at", nullable=False),
    )
    _create_cases()
    op.create_table(
        "raw_messages",
        _case_fk("raw", primary_key=True),
        sa.Column("raw", sa.LargeBinary, nullable=False),
    )
    _create_steps()
    op.create_table(
        "replies",
        _case_fk("replies", primary_key=True),
        sa.Column("message_id", sa.Text, nullable=False),
        sa.Column("reply", sa.JSON, nullable=False),
        _time("created_at", nullable=False),
        sa.UniqueConstraint("message_id", name="uq_replies_message_id"),
    )
    _create_tickets()
    _create_audit()


def _create_cases() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mailbox", sa.String(255), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger, nullable=False),
        sa.Column("uid", sa.BigInteger, nullable=False),
        sa.Column("message_id", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("fence", sa.Integer, nullable=False),
        sa.Column("lease_owner", sa.Text, nullable=True),
        _time("lease_expires_at", nullable=True),
        _time("received_at", nullable=False),
        _time("updated_at", nullable=False),
        _time("finished_at", nullable=True),
        sa.Column("filed_folder", sa.String(16), nullable=True),
        sa.Column("language", sa.Text, nullable=True),
        sa.Column("intent", sa.Text, nullable=True),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("routine", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("rulebook_version", sa.Text, nullable=True),
        sa.UniqueConstraint("mailbox", "uidvalidity", "uid", name="uq_cases_location"),
        sa.UniqueConstraint("message_id", "content_hash", name="uq_cases_message"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_cases_sweep", "cases", ["state", "updated_at"])
    op.create_index("ix_cases_filing", "cases", ["mailbox", "filed_folder", "state"])


def _create_steps() -> None:
    op.create_table(
        "steps",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _case_fk("steps", primary_key=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        _time("started_at", nullable=False),
        _time("finished_at", nullable=True),
        sa.Column("result", sa.JSON, nullable=False),
        sa.UniqueConstraint("case_id", "name", name="uq_steps_case_name"),
        sqlite_autoincrement=True,
    )


def _create_tickets() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _case_fk("tickets", primary_key=False),
        sa.Column("queue", sa.Text, nullable=False),
        sa.Column("priority", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _time("created_at", nullable=False),
        _time("closed_at", nullable=True),
        sa.Column("context", sa.JSON, nullable=False),
        sa.UniqueConstraint("case_id", name="uq_tickets_case"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_tickets_status", "tickets", ["status", "id"])


def _create_audit() -> None:
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        _time("at", nullable=False),
        sa.Column("case_id", sa.Integer, nullable=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("rulebook_version", sa.Text, nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_events_case", "audit_events", ["case_id", "seq"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_audit_head_single_row"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS_HASH}])


def downgrade() -> None:
    for table in (
        "audit_head", "audit_events", "tickets", "replies", "steps", "raw_messages", "cases",
        "mailbox_checkpoints",
    ):
        op.drop_table(table)
