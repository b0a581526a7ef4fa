"""Stage 5: write results to disk."""
from .atomic import write_atomic

__all__ = ["write_atomic"]
