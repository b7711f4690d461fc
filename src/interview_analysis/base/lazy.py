"""Package namespaces whose names are imported when first used (PEP 562).

A package ``__init__`` that re-exports its modules' names would import every module (and
scipy, scikit-learn, …) as soon as any one of them is needed. With :func:`lazy_exports` the
names stay where users expect them (``from interview_analysis.analysis import
agreement_table``) and only the module that defines a name is imported, on first use.

Examples
--------
>>> __getattr__, __dir__ = lazy_exports(__name__, {"agreement": ["agreement_table"]})
... # doctest: +SKIP
"""
from __future__ import annotations

import sys
from importlib import import_module


def lazy_exports(package: str, modules: dict[str, list[str]]):
    """``(__getattr__, __dir__)`` for ``package`` exporting ``{module: [names]}`` lazily."""
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str):
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
