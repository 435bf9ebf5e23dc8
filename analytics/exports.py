"""Dashboard tables (DataFrames) to Excel through the shared writer (``home.sheets``).

Text that came from users (names, enterprise names, knowledge points) is written as
text, never as a formula; ratios get a percent format; timestamps are local time.
Phone numbers are masked (138****5678) in every export.
"""

from __future__ import annotations

import pandas as pd

from home import sheets
from home.files import mask_phone

PHONE_COLUMNS = {"phone", "手机号", "Mobile phone"}
ONE_DECIMAL = "0.0"

__all__ = ["PHONE_COLUMNS", "mask_phone", "to_xlsx"]


def to_xlsx(
    frames: dict[str, pd.DataFrame],
    *,
    phone_columns=PHONE_COLUMNS,
    percent_columns=(),
    decimal_columns=(),
    title: str = "",
) -> bytes:
    """One worksheet per frame (name → frame); ``percent_columns`` are headers whose
    values are ratios 0–1, ``decimal_columns`` numbers shown to one decimal
    (minutes, mean scores)."""
    phones = {str(p) for p in phone_columns}
    percent = {str(p): sheets.PERCENT for p in percent_columns}
    percent.update({str(p): ONE_DECIMAL for p in decimal_columns})
    specs = []
    for name, frame in frames.items():
        headers = [str(c) for c in frame.columns]
        masked = {i for i, h in enumerate(headers) if h in phones}
        rows = [
            [mask_phone(v) if i in masked else v for i, v in enumerate(row)]
            for row in frame.itertuples(index=False, name=None)
        ]
        specs.append(
            sheets.SheetData(
                name=name, headers=headers, rows=rows, formats=percent, title=title
            )
        )
    return sheets.build_xlsx(specs)
