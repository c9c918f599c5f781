"""The case store's tables as SQLAlchemy Core objects, mirroring the migrations.

The migrations are the source of the database's shape; these definitions are what the
queries are written against, and a test compares the two so they cannot drift.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

GENESIS_HASH = "0" * 64  # the prev_hash of the first audit event


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    PostgreSQL keeps the zone (timestamptz); SQLite keeps none, so values are written
    as naive UTC and given their zone back on the way out. Naive input is refused:
    guessing its zone would silently shift lease expiries.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store needs timezone-aware times")
        utc = value.astimezone(UTC)
        # SQLite compares timestamps as text: one zone-less format keeps the order right.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

mailbox_checkpoints = Table(
    "mailbox_checkpoints",
    metadata,
    Column("mailbox", String(255), primary_key=True),
    Column("uidvalidity", BigInteger, nullable=False),
    Column("last_uid", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

mailbox_leases = Table(
    "mailbox_leases",
    metadata,
    Column("mailbox", String(255), primary_key=True),
    Column("owner", Text, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mailbox", String(255), nullable=False),
    Column("uidvalidity", BigInteger, nullable=False),
    Column("uid", BigInteger, nullable=False),
    Column("message_id", Text, nullable=False),
    Column("content_hash", String(128), nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("fence", Integer, nullable=False),
    Column("lease_owner", Text, nullable=True),
    Column("lease_expires_at", UtcDateTime, nullable=True),
    Column("received_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("filed_folder", String(16), nullable=True),
    Column("language", Text, nullable=True),
    Column("intent", Text, nullable=True),
    Column("confidence", Float, nullable=True),
    Column("routine", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Column("rulebook_version", Text, nullable=True),
    Column("sender_key", String(32), nullable=True),
    UniqueConstraint("mailbox", "uidvalidity", "uid", name="uq_cases_location"),
    UniqueConstraint("message_id", "content_hash", name="uq_cases_message"),
    Index("ix_cases_sweep", "state", "updated_at"),
    Index("ix_cases_filing", "mailbox", "filed_folder", "state"),
    Index("ix_cases_sender", "sender_key", "received_at"),
    sqlite_autoincrement=True,  # a case id is never reused, even after a delete
)

raw_messages = Table(
    "raw_messages",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", name="fk_raw_case"), primary_key=True),
    Column("raw", LargeBinary, nullable=False),
)

steps = Table(
    "steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id", name="fk_steps_case"), nullable=False),
    Column("name", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("result", JSON, nullable=False),
    UniqueConstraint("case_id", "name", name="uq_steps_case_name"),
    sqlite_autoincrement=True,
)

replies = Table(
    "replies",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", name="fk_replies_case"), primary_key=True),
    Column("message_id", Text, nullable=False),
    Column("reply", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("message_id", name="uq_replies_message_id"),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id", name="fk_tickets_case"), nullable=False),
    Column("queue", Text, nullable=False),
    Column("priority", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime, nullable=True),
    Column("context", JSON, nullable=False),
    Column("group_key", Text, nullable=True),
    UniqueConstraint("case_id", name="uq_tickets_case"),
    Index("ix_tickets_status", "status", "id"),
    Index("ix_tickets_group", "group_key", "status"),
    sqlite_autoincrement=True,
)

ticket_cases = Table(
    "ticket_cases",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", name="fk_ticket_cases_case"),
           primary_key=True),
    Column("ticket_id", Integer, ForeignKey("tickets.id", name="fk_ticket_cases_ticket"),
           nullable=False),
    Index("ix_ticket_cases_ticket", "ticket_id"),
)

case_files = Table(
    "case_files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id", name="fk_files_case"), nullable=False),
    Column("name", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_case_files_case", "case_id", "id"),
    sqlite_autoincrement=True,
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime, nullable=False),
    Column("case_id", Integer, nullable=True),  # no foreign key: the trail outlives cases
    Column("kind", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("rulebook_version", Text, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_events_case", "case_id", "seq"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    CheckConstraint("id = 1", name="ck_audit_head_single_row"),
)
