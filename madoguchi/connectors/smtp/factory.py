"""The sender chosen by URL: smtp://, smtp+starttls://, smtps:// or outbox:///path."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from madoguchi.connectors.smtp.outbox import OutboxSender
from madoguchi.connectors.smtp.sender import SmtpSender, SmtpServer
from madoguchi.domain.errors import ConfigurationError
from madoguchi.domain.ports import MailSender

EXPECTED = (
    "smtp://[user:pass@]host[:port], smtp+starttls://..., smtps://... "
    "(optional ?cafile=/path/ca.pem) or outbox:///absolute/folder"
)
_SECURITY = {"smtp": ("plain", 25), "smtp+starttls": ("starttls", 587), "smtps": ("tls", 465)}


def open_sender(url: str, *, timeout: float = 30.0) -> MailSender:
    """The sender for ``url``; raises ``ConfigurationError`` naming the expected forms."""
    parts = urlsplit(url)
    if parts.scheme == "outbox":
        if not parts.path or parts.netloc:
            raise ConfigurationError(f"expected {EXPECTED}")
        return OutboxSender(Path(unquote(parts.path)))
    if parts.scheme not in _SECURITY or not parts.hostname:
        raise ConfigurationError(f"expected {EXPECTED}")
    security, default_port = _SECURITY[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError as exc:
        raise ConfigurationError(f"invalid port; expected {EXPECTED}") from exc
    query = parse_qs(parts.query)
    return SmtpSender(
        SmtpServer(
            host=parts.hostname,
            port=port,
            security=security,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            cafile=query.get("cafile", [None])[0],
            timeout=timeout,
        )
    )
