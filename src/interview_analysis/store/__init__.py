"""The project database: codings that are never lost, with an audit trail of every change.

``ProjectStore.open(study)`` opens ``STUDY/.interview-analysis/project.sqlite``; see
:mod:`.project` for the guarantees, :mod:`.schema` for the tables and :mod:`.csvsync` for how
the database and the ``codings/<coder>.csv`` files stay in step.
"""
from .csvsync import SyncResult
from .database import DB_NAME, STORE_DIR, db_path
from .project import ProjectStore
from .schema import SCHEMA_VERSION
from .syncstudy import sync_study

__all__ = ["ProjectStore", "SyncResult", "SCHEMA_VERSION", "STORE_DIR", "DB_NAME", "db_path",
           "sync_study"]
