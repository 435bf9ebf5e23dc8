"""Render a dashboard table (a DataFrame) as HTML, escaped, percentages formatted."""

import pandas as pd
from django import template
from django.utils.html import format_html, format_html_join

from home.files import mask_phone

register = template.Library()


def _cell(value, header: str, percent_headers: set[str], phone_headers: set[str]):
    if header in phone_headers:
        return mask_phone(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if header in percent_headers:
        return f"{float(value):.1%}"
    if isinstance(value, pd.Timestamp):
        from django.utils import timezone

        return timezone.localtime(value.to_pydatetime()).strftime("%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return value


@register.simple_tag
def frame_table(frame: pd.DataFrame, spec):
    percent = {str(spec.columns[c]) for c in spec.percent}
    phones = {str(spec.columns[c]) for c in spec.columns if c == "phone"}
    headers = [str(c) for c in frame.columns]
    head = format_html_join("", "<th>{}</th>", ((h,) for h in headers))
    rows = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html_join(
                    "",
                    "<td>{}</td>",
                    (
                        (_cell(v, h, percent, phones),)
                        for v, h in zip(row, headers, strict=True)
                    ),
                ),
            )
            for row in frame.itertuples(index=False, name=None)
        ),
    )
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, rows
    )
