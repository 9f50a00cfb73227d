"""What the analysis made of the versions: changes and their hunks, assessments, the terms
in force in each version (findings) and the clause cache (tables ``changes``, ``hunks``,
``assessments``, ``version_findings``, ``clause_labels``)."""

from __future__ import annotations


def findings_sql(alias: str = "f") -> str:
    """SQL for the findings JSON of the ``version_findings`` row aliased ``alias``: its own,
    or, when inherited (stored as ''), those of the version it inherits them from."""
    return (f"ifnull(nullif({alias}.findings, ''), (SELECT o.findings FROM version_findings o "
            f"WHERE o.version_id = {alias}.inherited_from))")



class AnalysisRecords:
    """Reads and writes of changes, assessments, findings and cached clause results (a part of `Store`)."""
