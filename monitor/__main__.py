"""``python -m monitor`` is the ``termswatch`` command."""

from .cli import main

if __name__ == "__main__":  # not when a worker process (monitor.parallel) imports it again
    main()
