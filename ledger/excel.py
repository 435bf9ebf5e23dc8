"""The ledger's one spreadsheet concern left after the shared writer
(``home.sheets``): CSV cells from Wagtail's list export."""

from django.utils.functional import Promise

FORMULA_PREFIXES = ("=", "+", "-", "@")


def safe_cell(value):
    """Text a person typed, made safe for a CSV file: anything starting with a
    formula character gets a leading apostrophe (CSV has no cell types)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
