"""Load and speed benchmarks (scripts, not tests); each module's docstring says how to
run it."""


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database that ``url`` (a DATABASE_URL) names, if missing.

    A fresh machine has no benchmark database; without it every connection of the
    pool fails with 'database "…" does not exist'.
    """
    import dj_database_url
    import psycopg
    from psycopg import sql

    params = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [params["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["NAME"]))
            )
