"""The library of imported disclosures (issues 10, 11): stored per document, atomically, under a lock, in
province/year partitions that ``Library.scan()`` reads lazily."""

from library.store import UNKNOWN_PROVINCE, Added, Entry, Library, LibraryError, content_hash, safe_name

__all__ = ["UNKNOWN_PROVINCE", "Added", "Entry", "Library", "LibraryError", "content_hash", "safe_name"]
