"""The fault knobs acting on a running sandbox: busy screens, outage, layout, slow reset."""

from __future__ import annotations

import threading
import time

import httpx

from tests.sandbox.screen_html import cell
from tests.support.sandbox import RunningSandbox, csrf_token, log_in, page_text


def busy_pattern(sandbox: RunningSandbox, client: httpx.Client) -> list[bool]:
    sandbox.reset()
    sandbox.set_faults(busy_rate=0.3, busy_seed=11)
    return ["システム混雑中" in page_text(client.get("/menu")) for _ in range(40)]


def test_a_busy_page_shows_the_busy_screen_and_does_nothing(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="approved")
    token = csrf_token(operator_client.get("/customers/search"))
    clean_sandbox.set_faults(busy_rate=1.0)
    response = operator_client.post(
        "/customers/search", data={"csrf_token": token, "email": truth["email"]}
    )
    assert response.status_code == 200
    assert "<title>システム混雑中 - 顧客管理システム</title>" in page_text(response)
    assert clean_sandbox.actions("search") == []
    assert clean_sandbox.busy_served() == 1


def test_busy_pages_fall_the_same_way_for_the_same_seed(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    first = busy_pattern(clean_sandbox, operator_client)
    assert first == busy_pattern(clean_sandbox, operator_client)
    assert 4 <= sum(first) <= 20


def test_the_test_endpoints_are_never_busy_nor_down(clean_sandbox: RunningSandbox) -> None:
    clean_sandbox.set_faults(busy_rate=1.0, outage=True)
    assert clean_sandbox.customers(kyc_status="approved")
    assert clean_sandbox.actions() == []


def test_an_outage_answers_502_everywhere_until_it_ends(clean_sandbox: RunningSandbox) -> None:
    clean_sandbox.set_faults(outage=True)
    with clean_sandbox.client() as client:
        statuses = {client.get(path).status_code for path in ("/login", "/", "/fees")}
        clean_sandbox.set_faults(outage=False)
        after = client.get("/login").status_code
    assert statuses == {502}
    assert after == 200


def test_layout_two_takes_the_login_form_under_its_new_names(
    clean_sandbox: RunningSandbox,
) -> None:
    clean_sandbox.set_faults(layout=2)
    with clean_sandbox.client() as client:
        form = page_text(client.get("/login"))
        response = client.post("/login", data={
            "csrf_token": csrf_token(client.get("/login")),
            "userId": "robot", "userPassword": "robot-pass",
        })
        frameset = page_text(client.get("/"))
    assert 'name="userId"' in form
    assert 'name="operator_id"' not in form
    assert response.headers["location"] == "/"
    assert '<frame name="contents" src="/welcome"' in frameset


def test_layout_two_refuses_the_old_field_names(clean_sandbox: RunningSandbox) -> None:
    clean_sandbox.set_faults(layout=2)
    with clean_sandbox.client() as client:
        response = log_in(client, clean_sandbox.operator)
    assert "正しくありません" in page_text(response)


def test_a_slow_reset_is_recorded_before_it_is_answered(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    path = f"/customers/{truth['customer_id']}"
    token = csrf_token(operator_client.get(path))
    clean_sandbox.set_faults(reset_delay_ms=1500)
    answered: list[float] = []

    def press() -> None:
        started = time.monotonic()
        operator_client.post(f"{path}/password-reset", data={"csrf_token": token})
        answered.append(time.monotonic() - started)

    pressing = threading.Thread(target=press)
    pressing.start()
    deadline = time.monotonic() + 1.0
    while not clean_sandbox.actions("send_password_reset") and time.monotonic() < deadline:
        time.sleep(0.02)
    recorded_while_waiting = not answered and bool(clean_sandbox.actions("send_password_reset"))
    pressing.join()
    assert recorded_while_waiting
    assert answered[0] >= 1.5


def test_resetting_the_sandbox_forgets_reset_mails_sent(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(scenario="events:quiet")
    path = f"/customers/{truth['customer_id']}"
    operator_client.post(f"{path}/password-reset", data={"csrf_token": csrf_token(
        operator_client.get(path))})
    assert clean_sandbox.customers(email=truth["email"])[0]["last_password_reset_at"]
    clean_sandbox.reset()
    assert clean_sandbox.customers(email=truth["email"])[0]["last_password_reset_at"] is None
    assert cell(page_text(operator_client.get(path)), "lastResetAt") == "－"

