"""Allows `python -m evidmap`."""

from evidmap.cli import main

raise SystemExit(main())
