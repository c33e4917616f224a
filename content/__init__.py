"""What each page shows, without Streamlit: filters, selection, scale cuts, labels, page catalogue.

The import arrows run one way: ``dashboard`` (Streamlit widgets) and ``export`` (rendering to
files) both build on ``content``; ``content`` imports neither (tests/test_layers.py).
"""
