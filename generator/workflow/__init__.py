"""Translators' workflow beside the build pipeline: status, string identity, PO round trip, approval, check.

Each text of a translation records the source text it was translated from (a short hash per text in
`meta.source`), so a changed, moved, inserted or deleted source text affects exactly the translations of
that text, without anyone touching the translations (see record.py and docs/translators.md).
"""
from .approval import approve, release_problems
from .check import Finding, check_content
from .po import export_po, export_pot, import_po
from .status import TranslationState, status
from .translation import new_translation, update_translation
from .xliff import export_xliff, import_xliff

__all__ = ["Finding", "TranslationState", "approve", "check_content", "export_po", "export_pot", "export_xliff", "import_po",
           "import_xliff",
           "new_translation", "release_problems", "status", "update_translation"]
