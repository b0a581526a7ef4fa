"""Stage 1: read content files and validate them into the typed content model."""
from .load import discover, load_clinic, load_leaflet
from .model import Leaflet

__all__ = ["Leaflet", "discover", "load_clinic", "load_leaflet"]
