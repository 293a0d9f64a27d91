#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Commands, the job worker and migrations see every municipality (tenancy/scope.py).
    os.environ.setdefault("DATABASE_SCOPE_OUTSIDE_REQUESTS", "all")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
