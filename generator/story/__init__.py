"""Stage 3: build the story (typed flow items and their structure tree), then break it into pages."""
from .build import Story, build_bilingual_story, build_story
from .impose import Sheet, Slot, column_width, impose
from .paginate import PlacedItem, paginate
from .structure import StructNode

__all__ = ["PlacedItem", "Sheet", "Slot", "Story", "StructNode", "build_bilingual_story", "build_story", "column_width", "impose",
           "paginate"]
