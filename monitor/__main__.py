"""``python -m monitor`` is the ``termswatch`` command."""

from .cli import main

main()
