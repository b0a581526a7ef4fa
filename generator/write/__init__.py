"""Stage 5: write results to disk, and remember what each PDF was built from."""
from .atomic import write_atomic
from .manifest import Manifest

__all__ = ["Manifest", "write_atomic"]
