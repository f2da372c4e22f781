#!/usr/bin/env python
"""Django's command-line utility for the Rongcheng incubator network site."""

import os
import sys
from pathlib import Path

# The project layer lives in site/ (settings in site/config, the home app in
# site/home). "site" itself is a standard-library module name, so it is put
# on the path as a folder rather than imported as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
