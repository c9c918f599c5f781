"""The test-only endpoints: the action log, seeded truth, faults, forced session expiry."""

from __future__ import annotations

import time

import httpx

from tests.support.sandbox import RunningSandbox, log_in, search


def test_the_action_log_records_login_search_view_and_logout(
    clean_sandbox: RunningSandbox,
) -> None:
    truth = clean_sandbox.customer(kyc_status="in_review")
    with clean_sandbox.client() as client:
        log_in(client, clean_sandbox.operator)
        search(client, truth["email"])
        client.get(f"/customers/{truth['customer_id']}")
        client.get("/logout")
    log = clean_sandbox.actions()
    assert [entry["action"] for entry in log] == ["login", "search", "view_customer", "logout"]
    assert {entry["operator"] for entry in log} == {"robot"}
    assert len({entry["session_id"] for entry in log}) == 1
    assert [entry["customer_id"] for entry in log[1:3]] == [truth["customer_id"]] * 2
    assert all(entry["at"].endswith("+09:00") for entry in log)


def test_merely_opening_pages_is_not_an_action(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    operator_client.get("/menu")
    operator_client.get("/customers/search")
    assert [entry["action"] for entry in clean_sandbox.actions()] == ["login"]


def test_a_refused_login_is_recorded(clean_sandbox: RunningSandbox) -> None:
    with clean_sandbox.client() as client:
        log_in(client, ("robot", "wrong"))
    assert [entry["detail"] for entry in clean_sandbox.actions("login_refused")] == [
        "credentials"
    ]


def test_reset_clears_the_action_log(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    assert clean_sandbox.actions()
    clean_sandbox.reset()
    assert clean_sandbox.actions() == []


def test_the_seeded_truth_is_served_by_address(clean_sandbox: RunningSandbox) -> None:
    truth = clean_sandbox.customer(kyc_status="approved")
    assert clean_sandbox.customers(email=truth["email"].upper()) == [truth]


def test_the_seeded_truth_is_served_by_status(clean_sandbox: RunningSandbox) -> None:
    found = clean_sandbox.customers(kyc_status="rejected", rejection="documents")
    assert found
    assert {(c["kyc"]["status"], c["kyc"]["rejection"]) for c in found} == {
        ("rejected", "documents")
    }


def test_latency_delays_operator_pages_but_not_the_test_endpoints(
    clean_sandbox: RunningSandbox,
) -> None:
    clean_sandbox.set_faults(latency_ms=300)
    with clean_sandbox.client() as client:
        started = time.perf_counter()
        client.get("/login")
        page_seconds = time.perf_counter() - started
        started = time.perf_counter()
        client.get("/_sandbox/actions")
        control_seconds = time.perf_counter() - started
    assert page_seconds >= 0.3
    assert control_seconds < 0.3


def test_an_unknown_fault_knob_is_refused(clean_sandbox: RunningSandbox) -> None:
    with clean_sandbox.client() as client:
        response = client.post("/_sandbox/faults", json={"explode": 1})
    assert response.status_code == 400
    assert "explode" in response.json()["error"]


def test_expiring_sessions_sends_operators_back_to_login(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    assert clean_sandbox.expire_sessions() >= 1
    response = operator_client.get("/customers/search")
    assert response.status_code == 302
    assert response.headers["location"] == "/login"
