"""The ledger's one spreadsheet concern left after the shared writer
(``home.sheets``): CSV cells, now made safe there for every list export."""

from home.sheets import csv_safe


def safe_cell(value):
    """Text a person typed, made safe for a CSV file (see ``home.sheets.csv_safe``)."""
    return csv_safe(value)
