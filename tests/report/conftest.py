"""Fixtures for the report tests; the data lives in report_fixtures (a unique module name, so
test modules can import it whatever other conftest files are loaded)."""
from report_fixtures import *  # noqa: F401,F403  (re-exports the fixtures to pytest)
