#!/usr/bin/env python
"""Django's command-line utility for the alliance portal.

`site/` holds the Django project and the CMS apps but cannot be a package (the standard library owns
the name `site`), so it is put on the import path here, as in `wsgi.py` and the pytest settings.
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BASE_DIR / "site"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
