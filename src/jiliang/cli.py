"""The ``jiliang`` console script: every Django management command, plus jiliang's own.

``jiliang demo``, ``jiliang seed``, ``jiliang uscc check`` and the others are management commands of the
apps; ``jiliang migrate`` etc. work as with manage.py. The database comes from DATABASE_URL.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiliang.config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jiliang", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
