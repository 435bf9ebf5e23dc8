"""Factories and helpers for the peer_review tests."""

import io

import pandas as pd

from accounts.models import EnforcementGroup
from demo import cases as casegen
from peer_review import importer, services
from peer_review.models import CaseFile, VideoRecord


def demo_groups():
    return [
        EnforcementGroup.objects.get_or_create(name=name, defaults={"sort_order": i})[0]
        for i, name in enumerate(casegen.GROUPS)
    ]


def workbook(rows: list[dict]) -> io.BytesIO:
    """An .xlsx register holding ``rows`` (column → text)."""
    buffer = io.BytesIO()
    columns = importer.REQUIRED_COLUMNS + importer.OPTIONAL_COLUMNS
    frame = pd.DataFrame(rows).reindex(columns=columns).astype(object).fillna("")
    frame.to_excel(buffer, index=False)
    buffer.seek(0)
    return buffer


def import_generated(generated) -> list[CaseFile]:
    """Import generated files through the real importer, with their video records."""
    rows, errors = importer.validate(
        importer.read_workbook(workbook([g.row for g in generated]))
    )
    assert not errors, [str(e) for e in errors]
    created = services.casefiles_import(rows=rows)
    by_number = {c.number: c for c in created}
    VideoRecord.objects.bulk_create(
        VideoRecord(case=by_number[g.number], step=step, started_at=s, ended_at=e)
        for g in generated
        for step, s, e in g.videos
    )
    services.casefiles_check()
    return created
