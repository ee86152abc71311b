"""Command-line prediction; same as the ``events-predict`` console command (see model/cli.py)."""
import sys

from model.cli import main

sys.exit(main())
