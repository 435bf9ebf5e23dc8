"""Set-based writes the ORM lacks: many rows, each with its own values, in one
``UPDATE … FROM (VALUES …)`` statement.

``QuerySet.bulk_update`` builds a ``CASE WHEN pk = … THEN … END`` expression per
field with one branch per row: Python compiles an expression tree that grows with
the rows, and the database walks every branch for every row. Joining the table to a
VALUES list on the key is one short statement, and its cost is the database's join.

PostgreSQL and SQLite (3.33 or later) take the same statement::

    UPDATE "table" SET "a" = _rows.v0, "b" = _rows.v1
    FROM (VALUES (…), (…)) AS _rows (k, v0, v1) WHERE "table"."id" = _rows.k

except that SQLite cannot name a VALUES list's columns (they are column1, column2,
…). On PostgreSQL each value is cast to its column's type (a parameter otherwise
reaches a VALUES list as text); SQLite stores a value by its column's affinity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections, router, transaction


def update_from_values(
    model, *, fields: Sequence[str], rows: Iterable[Sequence]
) -> int:
    """Set ``fields`` of ``model``'s rows, each row to its own values: every item of
    ``rows`` is ``(pk, value of fields[0], value of fields[1], …)``, values as the
    model's attributes hold them (Decimal, datetime, an id for a foreign key: name
    it ``<field>_id`` or ``<field>``). Returns the number of rows updated.

    One statement whatever the number of rows (in batches only past the database's
    parameter limit); on a database without ``UPDATE … FROM`` it falls back to
    ``bulk_update``. Saves skip ``save()`` and signals, as ``bulk_update`` does."""
    rows = [tuple(row) for row in rows]
    if not rows:
        return 0
    opts = model._meta
    targets = [opts.get_field(name) for name in fields]
    using = router.db_for_write(model)
    connection = connections[using]
    if not _has_update_from(connection):
        return _bulk_update(model, targets, rows, using)
    batch = connection.ops.bulk_batch_size([opts.pk, *targets], rows)
    updated = 0
    with transaction.atomic(using=using, savepoint=False):
        with connection.cursor() as cursor:
            for start in range(0, len(rows), batch):
                chunk = rows[start : start + batch]
                sql, params = _update_sql(connection, opts, targets, chunk)
                cursor.execute(sql, params)
                updated += cursor.rowcount
    return updated


def _has_update_from(connection) -> bool:
    if connection.vendor == "postgresql":
        return True
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version_info >= (3, 33)
    return False


def _update_sql(connection, opts, targets, rows) -> tuple[str, list]:
    quote = connection.ops.quote_name
    columns = [opts.pk, *targets]
    table = quote(opts.db_table)
    if connection.vendor == "postgresql":
        placeholders = [f"%s::{f.cast_db_type(connection)}" for f in columns]
        names = ["k", *(f"v{i}" for i in range(len(targets)))]
        alias = f"_rows ({', '.join(names)})"
    else:  # SQLite names a VALUES list's columns column1, column2, …
        placeholders = ["%s"] * len(columns)
        names = [f"column{i}" for i in range(1, len(columns) + 1)]
        alias = "_rows"
    row_sql = f"({', '.join(placeholders)})"
    assignments = ", ".join(
        f"{quote(field.column)} = _rows.{name}"
        for field, name in zip(targets, names[1:], strict=True)
    )
    sql = (
        f"UPDATE {table} SET {assignments} "
        f"FROM (VALUES {', '.join([row_sql] * len(rows))}) AS {alias} "
        f"WHERE {table}.{quote(opts.pk.column)} = _rows.{names[0]}"
    )
    params = []
    for row in rows:
        params.append(opts.pk.get_db_prep_value(row[0], connection))
        params.extend(
            field.get_db_prep_save(value, connection)
            for field, value in zip(targets, row[1:], strict=True)
        )
    return sql, params


def _bulk_update(model, targets, rows, using) -> int:
    objs = []
    for pk, *values in rows:
        obj = model(pk=pk)
        for field, value in zip(targets, values, strict=True):
            setattr(obj, field.attname, value)
        objs.append(obj)
    return model._base_manager.using(using).bulk_update(
        objs, [field.name for field in targets]
    )
