"""The IMAP folders finished mail is filed into: named in the server's hierarchy, made on demand.

``Folder.DONE`` is ``madoguchi<delimiter>done`` below the personal namespace's prefix
(``madoguchi.done`` on Dovecot, ``INBOX.madoguchi.done`` on Courier or Cyrus). A folder
is created and subscribed the first time it is needed; that it exists is then cached
until a command on it fails (the mailbox then checks, creates and tries once more).
"""

from __future__ import annotations

from imapclient import IMAPClient

from madoguchi.connectors.mailbox.imap_session import REFUSED
from madoguchi.domain.mail import Folder

ROOT = "madoguchi"


class FilingFolders:
    """Resolves and, when missing, creates the filing folders of one account."""

    def __init__(self) -> None:
        self._prefix: str | None = None
        self._delimiter: str | None = None
        self._known: set[Folder] = set()

    def ensure(self, client: IMAPClient, folder: Folder) -> str:
        """The server name of ``folder``, created and subscribed first when missing."""
        name = self.server_name(client, folder)
        if folder not in self._known:
            if not client.folder_exists(name):
                _create(client, name)
                client.subscribe_folder(name)
            self._known.add(folder)
        return name

    def forget(self, folder: Folder) -> bool:
        """Check ``folder`` again next time; True when it was believed to exist."""
        known = folder in self._known
        self._known.discard(folder)
        return known

    def server_name(self, client: IMAPClient, folder: Folder) -> str:
        if self._prefix is None:
            self._prefix, self._delimiter = _personal_namespace(client)
        if self._delimiter is None:  # a flat server: no hierarchy to put the folders in
            return f"{self._prefix}{ROOT}-{folder.value}"
        return f"{self._prefix}{ROOT}{self._delimiter}{folder.value}"


def _personal_namespace(client: IMAPClient) -> tuple[str, str | None]:
    """The personal namespace's prefix and delimiter (RFC 2342), else LIST's delimiter."""
    if client.has_capability("NAMESPACE"):
        personal = client.namespace().personal
        if personal:
            prefix, delimiter = personal[0]
            return str(prefix), (str(delimiter) if delimiter else None)
    listed = client.list_folders("", "")
    delimiter = listed[0][1] if listed else None
    return "", (delimiter.decode() if isinstance(delimiter, bytes) else delimiter)


def _create(client: IMAPClient, name: str) -> None:
    """CREATE ``name``; losing a race with another creator is fine."""
    try:
        client.create_folder(name)
    except REFUSED:
        if not client.folder_exists(name):
            raise
