"""Figure builders: plain functions, frames in, Plotly figure out. No Streamlit here."""
