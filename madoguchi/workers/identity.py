"""How madoguchi recognises its own mail: its addresses, Message-ID domain and loop secret.

The loop secret keys the HMAC in the loop header of every reply. Production sets
``MADOGUCHI_LOOP_SECRET`` (the same on every host); the embedded default keeps one in
``<var>/loop-secret``, made on first use and readable by its owner only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import SecretStr

from madoguchi.domain.understanding import OurIdentity
from madoguchi.workers.settings import Settings


def our_identity(settings: Settings) -> OurIdentity:
    return OurIdentity(
        addresses=settings.own_addresses,
        message_id_domain=settings.message_id_domain,
        loop_secret=settings.loop_secret or _kept_secret(settings.var_dir / "loop-secret"),
    )


def _kept_secret(path: Path) -> SecretStr:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when two processes start at once, one writes and the other reads.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return SecretStr(path.read_text().strip())
