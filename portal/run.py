"""`make run`: the demo on embedded defaults, and the login to use.

Seeds the demo tenant and starts the portal on http://127.0.0.1:8000.
"""

import os
import sys

import django
from django.core.management import call_command


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    call_command("seed_demo")
    print("Portal: http://127.0.0.1:8000  (Ctrl-C stops it)", flush=True)
    call_command("runserver", "127.0.0.1:8000", use_reloader=False)


if __name__ == "__main__":
    sys.exit(main())
