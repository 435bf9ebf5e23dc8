"""Read a Content-Security-Policy header as the browser does: by directive.

django-csp builds the header from a set of directive names, so their order
changes with Python's hash seed; tests look directives up rather than match
the header's text."""


def parse_csp(header: str) -> dict[str, list[str]]:
    """The policy's directives by name, each with its sources in order."""
    out = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            out[name] = values
    return out
