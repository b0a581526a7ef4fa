"""Translators' workflow beside the build pipeline: status, stale detection, PO round trip, content check.

A translation records which version of the source it was made from (a hash per part of the source in
`meta.source`), so editing one section of the source marks exactly that section of every translation
outdated, without anyone touching the translations.
"""
from .check import Finding, check_content
from .po import export_po, import_po
from .status import TranslationState, status
from .translation import new_translation

__all__ = ["Finding", "TranslationState", "check_content", "export_po", "import_po", "new_translation", "status"]
