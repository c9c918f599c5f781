from collections.abc import Iterator

import pytest

from tests.support.smtp import SmtpServerFixture


@pytest.fixture
def smtp_server() -> Iterator[SmtpServerFixture]:
    with SmtpServerFixture() as server:
        yield server
