"""A real Dovecot IMAP server for tests, started from a self-contained config in a temp dir.

Facts this relies on (Dovecot 2.3.19, /work/shared/ENVIRONMENT.md): the mail uid must not
be 0, so mail is stored as user ``mail`` (uid 8) in a directory it owns; the work dir lives
directly under /tmp because pytest's ``tmp_path`` sits below a 0700 root-only directory
that user ``mail`` cannot traverse, and because Dovecot's unix sockets need a short
``base_dir``. Stored mail survives ``stop()`` and ``restart()``; ``remove()`` deletes it.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from imapclient import IMAPClient

from tests.support.services import free_port, port_open, require_binary

_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {run}
state_dir = {state}
log_path = {log}
info_log_path = {log}
ssl = {ssl}
{ssl_files}
disable_plaintext_auth = no
auth_mechanisms = plain login
# No delays after a failed login (the tests fail logins on purpose): neither the reply's
# own delay nor the per-IP penalty that would slow every later login from 127.0.0.1.
auth_failure_delay = 0
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
first_valid_uid = 8
mail_location = maildir:{mail}/%u
mail_max_userip_connections = 200
default_vsz_limit = 512M
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid=mail gid=mail home={mail}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
protocol imap {{
  mail_max_userip_connections = 200
}}
"""

_STARTUP_SECONDS = 10.0
_STOP_SECONDS = 10.0


class Dovecot:
    """A running Dovecot with the given users (name -> password), listening on 127.0.0.1.

    ``tls=True`` also serves IMAPS and STARTTLS with a self-signed certificate for
    ``localhost``/``127.0.0.1``; its PEM is at ``certificate`` (trust it via
    ``SSL_CERT_FILE``).
    """

    def __init__(self, users: Mapping[str, str], *, tls: bool = False) -> None:
        self._binary = require_binary("dovecot")
        self.users = dict(users)
        self.tls = tls
        self.port = free_port()
        self.imaps_port = free_port() if tls else 0
        self.workdir = Path(tempfile.mkdtemp(prefix="madoguchi-dovecot-", dir="/tmp"))
        self.workdir.chmod(0o755)  # the imap process runs as user mail and must traverse it
        self.config = self.workdir / "dovecot.conf"
        self.log = self.workdir / "dovecot.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._write_files()
        self._validate()
        self.start()

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        with (self.workdir / "stderr.log").open("ab") as stderr:
            self._process = subprocess.Popen(
                [self._binary, "-F", "-c", str(self.config)],
                stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
            )
        deadline = time.monotonic() + _STARTUP_SECONDS
        while not port_open("127.0.0.1", self.port, timeout=0.2):
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dovecot did not start:\n{self._diagnostics()}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Stop the server like a shutdown: every process of it ends, sessions included.

        Dovecot's master leaves running imap sessions (and its log and stats processes)
        behind when it gets SIGTERM, so the whole process group is terminated after it.
        Stored mail stays until ``remove()``.
        """
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _end_group(process.pid)

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        """Stop the server and delete its work dir, mail included."""
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Dovecot:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    # -- addresses -----------------------------------------------------------------

    def url(self, user: str, folder: str = "INBOX", *, scheme: str = "imap") -> str:
        """The madoguchi URL of ``user``'s ``folder`` (``imap``, ``imap+starttls``, ``imaps``)."""
        port = self.imaps_port if scheme == "imaps" else self.port
        password = quote(self.users[user], safe="")
        host = "localhost" if scheme != "imap" else "127.0.0.1"
        return f"{scheme}://{quote(user, safe='')}:{password}@{host}:{port}/{quote(folder)}"

    @property
    def certificate(self) -> Path:
        return self.workdir / "cert.pem"

    # -- looking at and changing the mail, as another client would --------------------

    def client(self, user: str) -> IMAPClient:
        """A logged-in IMAPClient for ``user`` (the caller logs out)."""
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(user, self.users[user])
        return client

    def append(
        self, user: str, raw: bytes, folder: str = "INBOX", flags: Iterable[str] = ()
    ) -> int:
        """APPEND ``raw`` to ``folder`` and return its UID (from APPENDUID)."""
        with self.client(user) as client:
            response = client.append(folder, raw, flags=tuple(flags))
        # Dovecot answers b"[APPENDUID <uidvalidity> <uid>] Append completed."
        return int(response.split(b"]")[0].split()[-1])

    def messages(self, user: str, folder: str = "INBOX") -> list[bytes]:
        """The raw bytes of every message in ``folder``, in UID order (never sets \\Seen)."""
        return [raw for raw, _ in self._fetch(user, folder)]

    def flags(self, user: str, folder: str = "INBOX") -> list[frozenset[bytes]]:
        """The flags of every message in ``folder``, in UID order."""
        return [flags for _, flags in self._fetch(user, folder)]

    def folders(self, user: str) -> list[str]:
        with self.client(user) as client:
            return sorted(name for _, _, name in client.list_folders())

    def subscribed(self, user: str) -> list[str]:
        with self.client(user) as client:
            return sorted(name for _, _, name in client.list_sub_folders())

    def create_folder(self, user: str, folder: str) -> None:
        with self.client(user) as client:
            client.create_folder(folder)

    def sessions(self, user: str) -> int:
        """How many IMAP sessions ``user`` has open right now (``doveadm who``)."""
        out = subprocess.run(
            ["doveadm", "-c", str(self.config), "who", "-1", user],
            capture_output=True, text=True, check=False,
        )
        return sum(1 for line in out.stdout.splitlines()[1:] if line.split()[:1] == [user])

    def set_uidvalidity(self, user: str, value: int, folder: str = "INBOX") -> None:
        """Give ``folder`` a new UIDVALIDITY; Dovecot then drops its open sessions (EOF)."""
        subprocess.run(
            ["doveadm", "-c", str(self.config), "mailbox", "update", "-u", user,
             "--uid-validity", str(value), folder],
            capture_output=True, check=True,
        )

    def kick(self, user: str) -> None:
        """Disconnect every session of ``user`` (``doveadm kick``)."""
        subprocess.run(["doveadm", "-c", str(self.config), "kick", user],
                       capture_output=True, check=False)

    # -- internals -------------------------------------------------------------------

    def _fetch(self, user: str, folder: str) -> list[tuple[bytes, frozenset[bytes]]]:
        with self.client(user) as client:
            client.select_folder(folder, readonly=True)
            uids = sorted(client.search("ALL"))
            if not uids:
                return []
            data = client.fetch(uids, ["BODY.PEEK[]", "FLAGS"])
        # A message moved by someone else between SEARCH and FETCH is simply gone.
        return [
            (data[uid][b"BODY[]"], frozenset(data[uid][b"FLAGS"])) for uid in uids if uid in data
        ]

    def _write_files(self) -> None:
        mail = self.workdir / "mail"
        mail.mkdir()
        os.chown(mail, pwd.getpwnam("mail").pw_uid, grp.getgrnam("mail").gr_gid)
        for sub in ("run", "state"):
            (self.workdir / sub).mkdir()
        self._write_passwd()
        ssl_files = self._write_certificate() if self.tls else ""
        self.config.write_text(_CONFIG.format(
            run=self.workdir / "run", state=self.workdir / "state", log=self.log,
            mail=mail, passwd=self.workdir / "passwd", port=self.port, imaps_port=self.imaps_port,
            ssl="yes" if self.tls else "no", ssl_files=ssl_files,
        ))

    def _write_passwd(self) -> None:
        # Users are fixed at start: Dovecot re-reads a changed passwd-file at most once a
        # second, so adding one later would race the first login.
        passwd = self.workdir / "passwd"
        passwd.write_text("".join(f"{user}:{pw}\n" for user, pw in self.users.items()))

    def _write_certificate(self) -> str:
        key, cert = self.workdir / "key.pem", self.workdir / "cert.pem"
        subprocess.run(
            [require_binary("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
             "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            capture_output=True, check=True,
        )
        return f"ssl_cert = <{cert}\nssl_key = <{key}"

    def _validate(self) -> None:
        check = subprocess.run(
            [self._binary, "-n", "-c", str(self.config)], capture_output=True, text=True,
            check=False,
        )
        if check.returncode != 0:
            raise RuntimeError(f"invalid dovecot config {self.config}:\n{check.stderr}")

    def _diagnostics(self) -> str:
        texts = []
        for path in (self.workdir / "stderr.log", self.log):
            text = path.read_text(errors="replace") if path.exists() else "(none)"
            texts.append(f"{path.name}:\n{text}")
        return "\n".join(texts)


def _end_group(pgid: int) -> None:
    """SIGTERM the process group left behind by a Dovecot master, then SIGKILL stragglers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + _STOP_SECONDS / 2
        while time.monotonic() < deadline:
            if not _group_alive(pgid):
                return
            time.sleep(0.02)


def _group_alive(pgid: int) -> bool:
    """True while a live (not zombie) process is in group ``pgid``."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False
