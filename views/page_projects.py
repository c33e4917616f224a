"""项目支出: projects ranked by amount, by category, and coverage of 项目支出."""


from content.catalog import projects_items
from dashboard.components import page_context, render_items
from dashboard.figcache import cached_content, cached_figure

filters, selection, ctx = page_context("项目支出")
render_items(cached_content(projects_items, selection, ctx, make=cached_figure))
