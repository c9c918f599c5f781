"""Run the sandbox back office: ``python -m madoguchi.sandbox --port 8900``."""

from madoguchi.sandbox.cli import main

raise SystemExit(main())
