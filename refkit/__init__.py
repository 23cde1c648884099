"""refkit: reading lists in, clean enriched tagged bibliographies out."""
from .model import Annotations, Entry, PartialDate, Person, Source

__version__ = "0.1.0"
__all__ = ["Annotations", "Entry", "PartialDate", "Person", "Source", "__version__"]
