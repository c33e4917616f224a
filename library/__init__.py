"""The library of imported disclosures (issue 10): stored per document, atomically, under a lock."""

from library.store import Added, Entry, Library, LibraryError, content_hash, safe_name

__all__ = ["Added", "Entry", "Library", "LibraryError", "content_hash", "safe_name"]
