"""Inference server; same as the ``events-serve`` console command (see model/server.py)."""
import sys

from model.server import main

sys.exit(main())
