"""收支构成: income by source, function classes (drillable), economic classes, Sankey."""


from content.catalog import composition_items
from dashboard.components import page_context, render_items
from dashboard.figcache import cached_content, cached_figure

filters, selection, ctx = page_context("收支构成")
render_items(cached_content(composition_items, selection, ctx, make=cached_figure))
