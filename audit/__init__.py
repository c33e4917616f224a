"""Indicator-quality audit: flags on each project's performance indicators, and scores.

`audit_indicators(indicators)` runs every rule of audit.rules over the contract's
`indicators` table; `score_projects` and `score_counties` turn the flags into
scores (see audit.score for the formula). Plain functions: frames in, frames out.
"""

from audit.rules import (
    FLAG_SCHEMA,
    RULE_IDS,
    RULES,
    SEVERITY_LABELS,
    audit_indicators,
)
from audit.score import score_counties, score_projects

__all__ = [
    "FLAG_SCHEMA",
    "RULES",
    "RULE_IDS",
    "SEVERITY_LABELS",
    "audit_indicators",
    "score_counties",
    "score_projects",
]
