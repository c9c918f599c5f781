"""Customer search and the customer screen over real HTTP, checked against the seeded truth."""

from __future__ import annotations

import re

import httpx

from tests.support.sandbox import RunningSandbox, page_text, search

_DOCUMENT_LABELS = {
    "id_document_front": "本人確認書類（表面）",
    "id_document_back": "本人確認書類（裏面）",
    "proof_of_address": "住所確認書類",
    "selfie": "セルフィー",
    "my_number": "マイナンバー確認書類",
}


def _cell(html: str, label: str) -> str:
    match = re.search(rf"<th[^>]*>{label}</th><td[^>]*>(.*?)</td>", html)
    assert match, f"no {label} row"
    return match.group(1)


def _jst(iso: str) -> str:
    """2026-11-28T10:00:00+09:00 -> 2026/11/28 10:00, as the screen shows it."""
    return iso[:16].replace("-", "/").replace("T", " ")


def test_search_finds_the_customer_by_exact_address(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="approved")
    html = page_text(search(operator_client, truth["email"]))
    assert f'href="/customers/{truth["customer_id"]}">' in html


def test_search_ignores_case_and_surrounding_spaces(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="approved")
    html = page_text(search(operator_client, f" {truth['email'].upper()} "))
    assert f'/customers/{truth["customer_id"]}"' in html


def test_search_never_matches_part_of_an_address(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="approved")
    html = page_text(search(operator_client, truth["email"][1:]))
    assert "該当する顧客はいません" in html
    assert "/customers/C" not in html.split("検索条件")[1]


def test_search_refuses_a_post_without_its_csrf_token(operator_client: httpx.Client) -> None:
    response = operator_client.post("/customers/search", data={"email": "a@example.jp"})
    assert response.status_code == 403


def test_the_customer_screen_shows_account_and_verification(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="documents_required")
    html = page_text(operator_client.get(f"/customers/{truth['customer_id']}"))
    kyc = truth["kyc"]
    assert _cell(html, "氏名") == truth["name"]
    assert _cell(html, "メールアドレス") == truth["email"]
    assert _cell(html, "状態") == "書類不備"
    assert re.findall(r"<li>(.*?)</li>", _cell(html, "不足書類")) == [
        _DOCUMENT_LABELS[code] for code in kyc["missing_documents"]
    ]
    assert _cell(html, "提出日時") == _jst(kyc["submitted_at"])
    assert _cell(html, "更新日時") == _jst(kyc["updated_at"])


def test_the_customer_screen_names_a_compliance_rejection(
    operator_client: httpx.Client, clean_sandbox: RunningSandbox
) -> None:
    truth = clean_sandbox.customer(kyc_status="rejected", rejection="compliance")
    html = page_text(operator_client.get(f"/customers/{truth['customer_id']}"))
    assert _cell(html, "状態") == "否認"
    assert _cell(html, "否認理由") == "コンプライアンス上の理由"


def test_an_unknown_customer_id_is_not_found(operator_client: httpx.Client) -> None:
    assert operator_client.get("/customers/C999999").status_code == 404
