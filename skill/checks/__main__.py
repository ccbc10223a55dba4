"""`python -m skill.checks` — the same as `python -m skill check-model`."""
import sys

from skill.checks.model_check import check_model_main

raise SystemExit(check_model_main(sys.argv[1:]))
