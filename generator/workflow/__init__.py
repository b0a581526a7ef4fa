"""Translators' workflow beside the build pipeline: status, string identity, PO round trip, approval, check.

Each text of a translation records the source text it was translated from (a short hash per text in
`meta.source`), so a changed, moved, inserted or deleted source text affects exactly the translations of
that text, without anyone touching the translations (see record.py and docs/translators.md).
"""
from importlib import import_module

# Each name and the module it lives in, imported when first asked for: a build needs only the approval
# check, and importing every translators' command cost each build 15 ms.
_HOME = {"approve": "approval", "release_problems": "approval", "Finding": "check", "check_content": "check",
         "export_po": "po", "export_pot": "po", "import_po": "po", "TranslationState": "status",
         "status": "status", "new_translation": "translation", "update_translation": "translation",
         "export_xliff": "xliff", "import_xliff": "xliff"}
__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(f".{_HOME[name]}", __name__)
    # every name of that module at once: importing `status.py` binds the module to `status`, the function's name
    globals().update({n: getattr(module, n) for n, home in _HOME.items() if home == _HOME[name]})
    return globals()[name]
