"""Chart export: server-rendered PNG/SVG (kaleido), report packs (ZIP, Excel, PowerPoint), CLI.

No Streamlit in this package: the dashboard and `python -m export` both call it.
"""
