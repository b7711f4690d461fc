"""The project database: codings that are never lost, with an audit trail of every change.

``ProjectStore.open(study)`` opens ``STUDY/.interview-analysis/project.sqlite``; see
:mod:`.project` for the guarantees, :mod:`.schema` for the tables and :mod:`.csvsync` for how
the database and the ``codings/<coder>.csv`` files stay in step.
"""
from .csvsync import SyncResult
from .project import DB_NAME, STORE_DIR, ProjectStore, db_path
from .schema import SCHEMA_VERSION

__all__ = ["ProjectStore", "SyncResult", "SCHEMA_VERSION", "STORE_DIR", "DB_NAME", "db_path"]
