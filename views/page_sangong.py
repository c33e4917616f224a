"""三公经费: four items per county, prior year beside, shares of 基本支出 and 支出合计."""


from content.catalog import sangong_items
from dashboard.components import page_context, render_items
from dashboard.figcache import cached_content, cached_figure

filters, selection, ctx = page_context("三公经费")
render_items(cached_content(sangong_items, selection, ctx, make=cached_figure))
