"""Dashboard plumbing shared by app.py and the pages: filters, data access, layout helpers."""
