"""`python -m skill.simulator` — the same as `python -m skill simulate`."""
import sys

from skill.simulator.cli import simulate_main

raise SystemExit(simulate_main(sys.argv[1:]))
