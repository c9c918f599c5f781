"""Outgoing replies: SMTP (plain, STARTTLS, TLS) or an outbox folder of .eml files."""

from madoguchi.connectors.smtp.factory import open_sender

__all__ = ["open_sender"]
