"""The robot's hands: the exchange's back office driven through Chromium with Playwright.

``open_backoffice(...)`` returns a ``PlaywrightBackOffice`` implementing the domain's
``BackOfficeGateway``; the screens it reads are described in ``selectors.yaml``.
"""

from madoguchi.connectors.backoffice.gateway import PlaywrightBackOffice, open_backoffice
from madoguchi.connectors.backoffice.screens import Screens, load_screens

__all__ = ["PlaywrightBackOffice", "Screens", "load_screens", "open_backoffice"]
