"""``python -m madoguchi`` is the ``madoguchi`` command."""

from madoguchi.workers.cli import main

main()
