"""The robot's hands: the exchange's back office driven through Chromium with Playwright.

``open_backoffice(...)`` returns a ``PlaywrightBackOffice`` implementing the domain's
``BackOfficeGateway`` (plus ``probe()`` for the workers' circuit breaker); its sessions
implement every verb of the ``BackOffice`` port. The screens it reads are described in
``selectors.yaml`` (``selectors-v2.yaml`` for the back office's second layout).
"""

from madoguchi.connectors.backoffice.gateway import PlaywrightBackOffice, open_backoffice
from madoguchi.connectors.backoffice.screens import DEFAULT_SELECTORS, Screens, load_screens

SELECTORS_V2 = DEFAULT_SELECTORS.with_name("selectors-v2.yaml")

__all__ = [
    "DEFAULT_SELECTORS", "SELECTORS_V2", "PlaywrightBackOffice", "Screens", "load_screens",
    "open_backoffice",
]
