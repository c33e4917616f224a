"""Synthetic county budgets for benchmarks: N counties × Y years in the data contract.

Every county-year copies the shapes of one of the four real disclosures (its
function/economic hierarchies, income sources, projects and indicator mix) and
scales every amount by one lognormal factor, so totals still add up and the
real reconciliation results carry over. Ids are ``syn0001``…, names ``合成县0001``…
and ``counties.document`` is ``"synthetic"``: nothing here can pass for real data.
"""

from synthetic.generate import PROVINCES, generate, is_synthetic, write_tables

__all__ = ["PROVINCES", "generate", "is_synthetic", "write_tables"]
