"""One database shared by several processes: the watcher, the workers, the sweep."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

from madoguchi.connectors.store import SqlCaseStore, open_store
from madoguchi.domain.cases import Case
from tests.connectors.store.samples import admit_mail


def _append_events(url: str, worker: int, count: int) -> None:
    store = open_store(url)
    for n in range(count):
        store.audit(case_id=None, event="tick", data={"worker": worker, "n": n})
    store.close()


def _claim(url: str, case_id: int, owner: str) -> int | None:
    store = open_store(url)
    lease = store.claim(case_id, owner=owner, ttl=60)
    store.close()
    return None if lease is None else lease.fence


def test_another_process_reaches_the_store_through_the_url_alone(
    database: str, case: Case
) -> None:
    script = (
        "import sys\n"
        "from madoguchi.connectors.store import open_store\n"
        "print(open_store(sys.argv[1]).case(int(sys.argv[2])).message_id)\n"
    )

    found = subprocess.run(
        [sys.executable, "-c", script, database, str(case.id)],
        capture_output=True, text=True, check=True, timeout=60,
    )

    assert found.stdout.strip() == case.message_id


def test_processes_appending_at_once_keep_one_linear_chain(
    database: str, store: SqlCaseStore
) -> None:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=3, mp_context=spawn) as pool:
        done = [pool.submit(_append_events, database, worker, 20) for worker in range(3)]
        for future in done:
            future.result(timeout=120)

    report = store.verify_audit()
    assert report.ok, report.problems
    assert report.events == 60


def test_processes_claiming_at_once_let_exactly_one_win(database: str, case: Case) -> None:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=4, mp_context=spawn) as pool:
        fences = list(pool.map(_claim, [database] * 4, [case.id] * 4, ["a", "b", "c", "d"]))

    assert sorted(fences, key=lambda fence: fence or 0) == [None, None, None, 1]


def test_a_store_used_before_a_fork_works_in_both_processes(
    store: SqlCaseStore, case: Case
) -> None:
    assert store.case(case.id) == case  # the pool now holds a connection
    fork = multiprocessing.get_context("fork")

    child = fork.Process(target=_read_and_exit, args=(store, case.id, case.message_id))
    child.start()
    child.join(timeout=60)

    assert child.exitcode == 0
    assert store.case(case.id) == case
    assert admit_mail(store, uid=99, message_id="<after-fork@customer.example>").case.id > case.id


def _read_and_exit(store: SqlCaseStore, case_id: int, message_id: str) -> None:
    ok = all(store.case(case_id).message_id == message_id for _ in range(5))
    sys.exit(0 if ok else 1)
