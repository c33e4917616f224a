"""The reference for page switches in the browser (benchmarks.browser): two pages through
st.navigation, one Plotly chart each — what a page switch costs Streamlit and Plotly alone."""

import plotly.graph_objects as go
import streamlit as st


def _page(title: str, values: list[int]) -> None:
    st.title(title)
    st.plotly_chart(go.Figure(go.Bar(x=["甲", "乙", "丙", "丁"], y=values)), width="stretch")


def first() -> None:
    _page("第一页", [3, 1, 4, 1])


def second() -> None:
    _page("第二页", [2, 7, 1, 8])


st.navigation([st.Page(first, title="第一页", url_path="first", default=True),
               st.Page(second, title="第二页", url_path="second")]).run()
