"""What only the Maildir connector promises: its UID list, delivery order, Maildir++ folders."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from madoguchi.connectors.mailbox import MaildirMailbox
from madoguchi.domain.errors import MailboxUnavailable
from madoguchi.domain.mail import Folder
from tests.connectors.mailbox.harness import MaildirHarness
from tests.connectors.mailbox.test_contract import message

UIDLIST = "madoguchi-uidlist.json"


def drop(root: Path, name: str, raw: bytes, sub: str = "new") -> Path:
    """Put a message file in place the way an MTA does (tmp/, then rename)."""
    temp = root / "tmp" / name
    temp.write_bytes(raw)
    target = root / sub / name
    os.rename(temp, target)
    return target


def test_a_missing_maildir_is_created_with_new_cur_and_tmp(tmp_path: Path) -> None:
    MaildirMailbox(tmp_path / "fresh")
    assert sorted(p.name for p in (tmp_path / "fresh").iterdir()) == ["cur", "new", "tmp"]


def test_the_uid_list_is_json_in_the_maildir_root(maildir: MaildirHarness) -> None:
    maildir.deliver(message(1))
    box = maildir.open()
    [mail] = box.fetch_above(0, limit=10)
    stored = json.loads((maildir.root / UIDLIST).read_text())
    assert stored["uidvalidity"] == box.uidvalidity() == mail.key.uidvalidity
    assert stored["next_uid"] == mail.key.uid + 1
    assert list(stored["uids"].values()) == [mail.key.uid]


def test_new_keys_get_uids_in_delivery_order_not_name_order(tmp_path: Path) -> None:
    box = MaildirMailbox(tmp_path)
    drop(tmp_path, "1700000300.zzz.host", message(3))
    drop(tmp_path, "1700000100.yyy.host", message(1))
    drop(tmp_path, "1700000200.aaa.host", message(2))
    assert [m.raw for m in box.fetch_above(0, limit=10)] == [message(n) for n in (1, 2, 3)]


def test_mail_in_tmp_is_still_being_delivered_and_not_fetched(tmp_path: Path) -> None:
    box = MaildirMailbox(tmp_path)
    (tmp_path / "tmp" / "1700000000.partial.host").write_bytes(message(1)[:20])
    assert box.fetch_above(0, limit=10) == []


def test_a_message_a_human_read_keeps_its_uid(maildir: MaildirHarness) -> None:
    maildir.deliver(message(1))
    box = maildir.open()
    [mail] = box.fetch_above(0, limit=10)
    [path] = (maildir.root / "new").iterdir()
    os.rename(path, maildir.root / "cur" / f"{path.name}:2,S")  # what a mail reader does
    assert box.fetch_above(mail.key.uid, limit=10) == []
    assert box.fetch_above(0, limit=10) == [mail]


def test_uids_are_never_reused_after_filing(maildir: MaildirHarness) -> None:
    maildir.deliver(message(1))
    maildir.deliver(message(2))
    box = maildir.open()
    first, second = box.fetch_above(0, limit=10)
    box.file(second.key.uid, Folder.DONE)
    maildir.deliver(message(3))
    [third] = box.fetch_above(first.key.uid, limit=10)
    assert third.key.uid > second.key.uid


def test_filing_renames_the_file_into_the_same_subdir_keeping_its_name(
    maildir: MaildirHarness,
) -> None:
    box = maildir.open()
    drop(maildir.root, "1700000000.abc.host:2,FS", message(1), sub="cur")
    [mail] = box.fetch_above(0, limit=10)
    box.file(mail.key.uid, Folder.DONE)
    moved = maildir.root / ".madoguchi.done" / "cur" / "1700000000.abc.host:2,FS"
    assert moved.read_bytes() == message(1)


def test_filing_makes_a_maildir_plus_plus_folder(maildir: MaildirHarness) -> None:
    maildir.deliver(message(1))
    box = maildir.open()
    [mail] = box.fetch_above(0, limit=10)
    box.file(mail.key.uid, Folder.IGNORED)
    folder = maildir.root / ".madoguchi.ignored"
    assert sorted(p.name for p in folder.iterdir()) == ["cur", "maildirfolder", "new", "tmp"]


def test_an_unreadable_uid_list_is_replaced_with_a_new_uidvalidity(
    maildir: MaildirHarness,
) -> None:
    maildir.deliver(message(1))
    box = maildir.open()
    [before] = box.fetch_above(0, limit=10)
    (maildir.root / UIDLIST).write_text("{not json")
    [after] = box.fetch_above(0, limit=10)
    assert after.key.uidvalidity > before.key.uidvalidity
    assert after.raw == before.raw


def test_the_uid_list_is_replaced_whole_leaving_no_temporary_files(
    maildir: MaildirHarness,
) -> None:
    box = maildir.open()
    for n in range(3):
        maildir.deliver(message(n))
        box.fetch_above(0, limit=10)
    leftovers = [p.name for p in maildir.root.iterdir() if p.name.startswith(".uidlist-")]
    assert leftovers == []


def test_a_maildir_that_cannot_be_read_is_unavailable(tmp_path: Path) -> None:
    box = MaildirMailbox(tmp_path / "box")
    os.rename(tmp_path / "box" / "new", tmp_path / "elsewhere")
    with pytest.raises(MailboxUnavailable, match="fetch"):
        box.fetch_above(0, limit=10)


def test_a_path_that_is_a_file_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a maildir")
    with pytest.raises(MailboxUnavailable):
        MaildirMailbox(tmp_path / "file")


def test_the_watch_ignores_a_message_moving_from_new_to_cur(maildir: MaildirHarness) -> None:
    maildir.deliver(message(1))
    box = maildir.open()
    watch = box.watch()
    [path] = (maildir.root / "new").iterdir()
    os.rename(path, maildir.root / "cur" / f"{path.name}:2,S")
    assert watch.wait(0.5) is False
