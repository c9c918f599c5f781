"""A legacy exchange back office to practise on, and demo mail; never imported by the product.

``main(argv)`` serves it (``python -m madoguchi.sandbox``), ``create_app(...)`` builds the
ASGI app for in-process use, and ``madoguchi.sandbox.demo_mail`` writes sample support mail
addressed from its seeded customers.
"""

from madoguchi.sandbox.app import create_app
from madoguchi.sandbox.cli import main

__all__ = ["create_app", "main"]
