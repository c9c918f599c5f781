"""The watcher's intake and filing, and the sweep, on a real Maildir and a real SQLite store.

The same watcher on a real Dovecot is exercised end to end in tests/e2e.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

from madoguchi.connectors.mailbox import open_mailbox
from madoguchi.domain.cases import CaseState
from madoguchi.domain.mail import Folder
from madoguchi.domain.ports import Job, Mailbox
from madoguchi.workers.pipeline import run_stage
from madoguchi.workers.stages import triage_stage
from madoguchi.workers.sweep import sweep
from madoguchi.workers.watcher import Watcher
from tests.triage import mails
from tests.workers.conftest import Bench, kyc_question


def deliver(maildir: Path, name: str, raw: bytes) -> None:
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (maildir / "new" / name).write_bytes(raw)


def inbox(maildir: Path) -> list[str]:
    return sorted(p.name for p in (maildir / "new").iterdir()) + sorted(
        p.name for p in (maildir / "cur").iterdir()
    )


def folder_count(maildir: Path, folder: Folder) -> int:
    sub = maildir / f".madoguchi.{folder.value}"
    return sum(1 for d in ("new", "cur") for _ in (sub / d).glob("*")) if sub.exists() else 0


def watcher_on(bench: Bench, maildir: Path) -> tuple[Watcher, Mailbox]:
    mailbox = open_mailbox(f"maildir://{maildir}")
    return Watcher(bench.rt, lambda: mailbox), mailbox


def test_new_mail_becomes_a_case_before_its_job_is_queued(bench: Bench, tmp_path: Path) -> None:
    deliver(tmp_path / "mail", "1.a", kyc_question())
    watcher, mailbox = watcher_on(bench, tmp_path / "mail")

    assert watcher.sync(mailbox) == 1

    [case] = bench.store.cases()
    assert bench.queue.jobs == [(Job.TRIAGE, case.id)]
    assert bench.store.raw(case.id) == kyc_question()
    checkpoint = bench.store.checkpoint(mailbox.name)
    assert checkpoint is not None
    assert checkpoint.last_uid == case.key.uid


def test_reading_again_admits_nothing_new(bench: Bench, tmp_path: Path) -> None:
    deliver(tmp_path / "mail", "1.a", kyc_question())
    watcher, mailbox = watcher_on(bench, tmp_path / "mail")
    watcher.sync(mailbox)

    assert watcher.sync(mailbox) == 0
    assert len(bench.store.cases()) == 1


def test_the_same_mail_delivered_twice_is_one_case(bench: Bench, tmp_path: Path) -> None:
    deliver(tmp_path / "mail", "1.a", kyc_question())
    deliver(tmp_path / "mail", "2.b", kyc_question())
    watcher, mailbox = watcher_on(bench, tmp_path / "mail")

    watcher.sync(mailbox)

    assert len(bench.store.cases()) == 1
    assert len(bench.queue.jobs) == 1
    assert folder_count(tmp_path / "mail", Folder.IGNORED) == 1


def test_finished_mail_is_filed_into_its_folder(bench: Bench, tmp_path: Path) -> None:
    maildir = tmp_path / "mail"
    deliver(maildir, "1.a", mails.build("Away.", extra=[("Auto-Submitted", "auto-replied")]))
    watcher, mailbox = watcher_on(bench, maildir)
    watcher.sync(mailbox)
    [case] = bench.store.cases()
    run_stage(bench.rt, case.id, CaseState.RECEIVED, triage_stage)

    assert watcher.file_finished(mailbox) == 1

    assert inbox(maildir) == []
    assert folder_count(maildir, Folder.IGNORED) == 1
    assert bench.store.case(case.id).filed_folder is Folder.IGNORED
    assert watcher.file_finished(mailbox) == 0


def test_a_new_uidvalidity_does_not_answer_handled_mail_again(
    bench: Bench, tmp_path: Path
) -> None:
    maildir = tmp_path / "mail"
    deliver(maildir, "1.a", mails.build("Away.", extra=[("Auto-Submitted", "auto-replied")]))
    watcher, mailbox = watcher_on(bench, maildir)
    watcher.sync(mailbox)
    [case] = bench.store.cases()
    run_stage(bench.rt, case.id, CaseState.RECEIVED, triage_stage)
    watcher.file_finished(mailbox)
    bench.queue.jobs.clear()
    # The server rebuilt the folder: the mail is back in the inbox under new UIDs.
    [filed] = (maildir / ".madoguchi.ignored").glob("*/*")
    shutil.move(filed, maildir / "new" / "1.a")
    uidlist = maildir / "madoguchi-uidlist.json"
    state = json.loads(uidlist.read_text())
    state["uidvalidity"] += 1
    uidlist.write_text(json.dumps(state))
    watcher, mailbox = watcher_on(bench, maildir)

    watcher.sync(mailbox)

    assert [c.id for c in bench.store.cases()] == [case.id]
    assert bench.queue.jobs == []
    assert inbox(maildir) == []


def test_the_sweep_requeues_idle_unfinished_cases_only(bench: Bench) -> None:
    waiting = bench.admit(kyc_question(), uid=1)
    finished = bench.admit(mails.build("Away.", extra=[("Auto-Submitted", "yes")]), uid=2)
    run_stage(bench.rt, finished, CaseState.RECEIVED, triage_stage)
    bench.queue.jobs.clear()

    assert sweep(bench.rt, idle_for=60) == 0  # nothing has been idle that long yet
    bench.clock.advance(61)
    assert sweep(bench.rt, idle_for=60) == 1

    assert bench.queue.jobs == [(Job.TRIAGE, waiting)]


def test_a_second_watcher_stands_by_while_the_mailbox_is_leased(
    bench: Bench, tmp_path: Path
) -> None:
    maildir = tmp_path / "mail"
    deliver(maildir, "1.a", kyc_question())
    name = open_mailbox(f"maildir://{maildir}").name
    assert bench.store.lease_mailbox(name, owner="the other watcher", ttl=60)
    watcher = Watcher(
        bench.rt, lambda: open_mailbox(f"maildir://{maildir}"), tick=0.1, lease_seconds=3
    )
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    try:
        time.sleep(1.5)
        assert bench.store.cases() == []  # the lease holder reads it, not us

        bench.store.release_mailbox(name, owner="the other watcher")
        deadline = time.monotonic() + 10
        while not bench.store.cases() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(bench.store.cases()) == 1
    finally:
        stop.set()
        thread.join(10)


def test_each_configured_mailbox_is_read_into_cases_of_its_own(
    bench: Bench, tmp_path: Path
) -> None:
    deliver(tmp_path / "ja", "1.a", kyc_question(message_id="<ja@example.jp>"))
    deliver(tmp_path / "en", "1.a", kyc_question(message_id="<en@example.jp>"))
    for folder in ("ja", "en"):
        watcher, mailbox = watcher_on(bench, tmp_path / folder)
        watcher.sync(mailbox)

    by_mailbox = {case.key.mailbox: case.message_id for case in bench.store.cases()}
    assert by_mailbox == {
        open_mailbox(f"maildir://{tmp_path / 'ja'}").name: "<ja@example.jp>",
        open_mailbox(f"maildir://{tmp_path / 'en'}").name: "<en@example.jp>",
    }
