"""The library of imported disclosures (issues 10, 11): stored per document, atomically, under a lock, in
province/year partitions that ``Library.scan()`` reads lazily; indexed in ``index.log`` so that a write costs
the same however many documents are stored, and ``Library.stamp()`` tells cheaply whether any changed."""

from library.store import (
    UNKNOWN_PROVINCE,
    Added,
    Entry,
    Library,
    LibraryError,
    content_hash,
    meta_of,
    safe_name,
)

__all__ = ["UNKNOWN_PROVINCE", "Added", "Entry", "Library", "LibraryError", "content_hash", "meta_of", "safe_name"]
