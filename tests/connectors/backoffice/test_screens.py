"""The screens file: the shipped one loads; a broken one is refused naming file and field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from madoguchi.connectors.backoffice.screens import load_screens
from madoguchi.domain.backoffice import AccountState, KycStatus, RejectionCategory
from madoguchi.domain.errors import ConfigurationError

JST = timezone(timedelta(hours=9))


def test_the_shipped_screens_know_every_status_and_document() -> None:
    values = load_screens().values
    assert set(values.kyc_status.values()) == set(KycStatus)
    assert set(values.account_state.values()) == set(AccountState)
    assert set(values.rejection.values()) == set(RejectionCategory)
    assert set(values.documents.values()) == {
        "id_document_front", "id_document_back", "proof_of_address", "selfie", "my_number",
    }


def test_screen_times_are_read_as_japan_time() -> None:
    parsed = load_screens().values.parse_time("2026/11/28 10:00")
    assert parsed == datetime(2026, 11, 28, 10, 0, tzinfo=JST)
    assert parsed.utcoffset() == timedelta(hours=9)


def test_an_unknown_key_is_refused_with_file_and_field(
    broken_selectors: Callable[[str, str], Path],
) -> None:
    path = broken_selectors("  no_result:", "  no_results:")
    with pytest.raises(ConfigurationError) as refused:
        load_screens(path)
    message = str(refused.value)
    assert f"{path}: search.no_results: Extra inputs are not permitted" in message
    assert f"{path}: search.no_result: Field required" in message


def test_a_label_mapped_to_an_unknown_status_is_refused(
    broken_selectors: Callable[[str, str], Path],
) -> None:
    path = broken_selectors("承認済み: approved", "承認済み: accepted")
    with pytest.raises(ConfigurationError, match=r"values\.kyc_status\.承認済み"):
        load_screens(path)


def test_a_customer_path_without_the_id_placeholder_is_refused(
    broken_selectors: Callable[[str, str], Path],
) -> None:
    path = broken_selectors('"/customers/{customer_id}"', '"/customers/"')
    with pytest.raises(ConfigurationError, match=r"customer\.path"):
        load_screens(path)


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "selectors.yaml"
    path.write_text("login: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="cannot read selectors"):
        load_screens(path)
