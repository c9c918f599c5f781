"""The SMTP sender against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from madoguchi.connectors.smtp import open_sender
from madoguchi.domain.errors import (
    ConfigurationError,
    DeliveryInDoubt,
    MailRejected,
    SenderUnavailable,
)
from madoguchi.domain.mail import Language, Reply
from tests.support.services import free_port, unavailable
from tests.support.smtp import SmtpServerFixture


def send_once(url: str, reply: Reply, *, timeout: float = 30) -> None:
    with closing(open_sender(url, timeout=timeout)) as sender:
        sender.send(reply)


def a_reply(**overrides: object) -> Reply:
    fields: dict[str, object] = {
        "message_id": "<r-1.reply@madoguchi.test>",
        "sender": "support@madoguchi.test",
        "to": "taro@example.jp",
        "subject": "Re: 本人確認について",
        "text": "山田様\n\n本人確認は承認済みです。\n",
        "language": Language.JA,
        "in_reply_to": "<q-1@example.jp>",
        "references": ("<q-0@example.jp>", "<q-1@example.jp>"),
        "headers": {"Auto-Submitted": "auto-replied"},
    }
    fields.update(overrides)
    return Reply.model_validate(fields)


def test_a_reply_arrives_threaded_with_its_own_message_id(smtp_server: SmtpServerFixture) -> None:
    sender = open_sender(smtp_server.url)
    sender.send(a_reply())
    sender.close()

    [received] = smtp_server.sink.received
    message = received.message
    assert received.recipients == ["taro@example.jp"]
    assert message["Message-ID"] == "<r-1.reply@madoguchi.test>"
    assert message["In-Reply-To"] == "<q-1@example.jp>"
    assert message["References"] == "<q-0@example.jp> <q-1@example.jp>"
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["Subject"] == "Re: 本人確認について"
    assert "本人確認は承認済みです。" in message.get_content()


def test_one_connection_serves_several_replies(smtp_server: SmtpServerFixture) -> None:
    sender = open_sender(smtp_server.url)
    sender.send(a_reply(message_id="<a@madoguchi.test>"))
    sender.send(a_reply(message_id="<b@madoguchi.test>"))
    sender.close()

    ids = [r.message["Message-ID"] for r in smtp_server.sink.received]
    assert ids == ["<a@madoguchi.test>", "<b@madoguchi.test>"]


def test_a_permanent_refusal_is_mail_rejected(smtp_server: SmtpServerFixture) -> None:
    smtp_server.sink.fail_next.append("554")
    with pytest.raises(MailRejected, match="554"):
        send_once(smtp_server.url, a_reply())


def test_a_temporary_refusal_means_not_sent(smtp_server: SmtpServerFixture) -> None:
    smtp_server.sink.fail_next.append("451")
    with pytest.raises(SenderUnavailable) as caught:
        send_once(smtp_server.url, a_reply())
    assert not isinstance(caught.value, DeliveryInDoubt)
    assert smtp_server.sink.received == []


def test_a_drop_after_the_message_was_handed_over_is_in_doubt(
    smtp_server: SmtpServerFixture,
) -> None:
    smtp_server.sink.fail_next.append("drop")
    with pytest.raises(DeliveryInDoubt):
        send_once(smtp_server.url, a_reply())
    # The server did take it: exactly why the pipeline must not resend blindly.
    assert len(smtp_server.sink.received) == 1


def test_the_sender_reconnects_after_the_server_dropped_it(
    smtp_server: SmtpServerFixture,
) -> None:
    smtp_server.sink.fail_next.append("drop")
    with closing(open_sender(smtp_server.url)) as sender:
        with pytest.raises(DeliveryInDoubt):
            sender.send(a_reply(message_id="<first@madoguchi.test>"))
        sender.send(a_reply(message_id="<second@madoguchi.test>"))
    assert smtp_server.sink.received[-1].message["Message-ID"] == "<second@madoguchi.test>"


def test_no_server_means_not_sent() -> None:
    with pytest.raises(SenderUnavailable) as caught:
        send_once(f"smtp://127.0.0.1:{free_port()}", a_reply(), timeout=2)
    assert not isinstance(caught.value, DeliveryInDoubt)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        unavailable("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def test_starttls_is_used_when_asked(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    server = SmtpServerFixture(tls_context=_server_context(cert, key), require_starttls=True)
    with server:
        url = f"smtp+starttls://127.0.0.1:{server.port}?cafile={cert}"
        send_once(url, a_reply())
        assert len(server.sink.received) == 1


def test_plain_smtp_is_refused_by_a_server_that_requires_starttls(
    certificate: tuple[Path, Path],
) -> None:
    cert, key = certificate
    server = SmtpServerFixture(tls_context=_server_context(cert, key), require_starttls=True)
    with server, pytest.raises(SenderUnavailable):
        send_once(server.url, a_reply())


def test_implicit_tls_on_smtps(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    server = SmtpServerFixture(ssl_context=_server_context(cert, key))
    with server:
        send_once(f"smtps://127.0.0.1:{server.port}?cafile={cert}", a_reply())
        assert len(server.sink.received) == 1


def test_the_outbox_keeps_one_file_per_reply(tmp_path: Path) -> None:
    sender = open_sender(f"outbox://{tmp_path}/out")
    sender.send(a_reply())
    sender.send(a_reply())
    sender.send(a_reply(message_id="<other@madoguchi.test>"))

    files = sorted((tmp_path / "out").glob("*.eml"))
    assert len(files) == 2
    assert any(b"Message-ID: <r-1.reply@madoguchi.test>" in f.read_bytes() for f in files)


@pytest.mark.parametrize(
    "url", ["http://example.com", "smtp://", "outbox://relative/path", "smtp://host:notaport"]
)
def test_a_bad_url_names_the_expected_forms(url: str) -> None:
    with pytest.raises(ConfigurationError, match=r"smtp\+starttls://"):
        open_sender(url)
