"""Fast inserts for the demo at national scale (issue 12): millions of rows in minutes.

`bulk_create` spends most of its time in Django's insert compiler (on SQLite, which allows
999 parameters, one INSERT per ~70 rows). Here the values are prepared once per field
and the rows go to the database in one statement per table and chunk: `executemany` of a
prepared INSERT on SQLite, `COPY ... FROM STDIN` (psycopg 3) on PostgreSQL. Primary keys,
when the caller needs them to reach the rows from later ones, are reserved first
(PostgreSQL: from the table's sequence; SQLite: above the highest id ever given, so an id
of a deleted row is never reused — the audit log keeps ids) and set on the instances, as
bulk_create does. Values pass through the fields' own `get_db_prep_save`, so protected
fields are encrypted and JSON, dates and decimals stored exactly as the ORM would.
For the demo only: no signals, no `save()`, no conflict handling."""

import datetime
from collections.abc import Iterable, Sequence
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connections, models

# Field classes whose Python value is already what the database driver takes.
PLAIN = (
    models.BooleanField, models.IntegerField, models.CharField,
)


def _is_plain(field: models.Field) -> bool:
    if field.is_relation:
        return True
    if type(field) is models.TextField:  # not a subclass: EncryptedTextField encrypts
        return True
    return isinstance(field, PLAIN) and not isinstance(field, models.GenericIPAddressField)


def insert(objs: Sequence[models.Model], *, set_pks: bool = True) -> int:
    """Insert unsaved instances of one model; with `set_pks` they get their primary keys."""
    if not objs:
        return 0
    model = type(objs[0])
    meta = model._meta
    pk = meta.pk
    auto_pk = isinstance(pk, models.AutoField)
    if auto_pk and set_pks:
        for obj, new_id in zip(objs, reserve_ids(model, len(objs)), strict=True):
            obj.pk = new_id
    fields = [f for f in meta.concrete_fields if not (f is pk and auto_pk and not set_pks)]
    relations = [f for f in fields if f.is_relation]
    for obj in objs:
        cache, values = obj._state.fields_cache, obj.__dict__
        for field in relations:  # a related row saved after this one was made
            if values.get(field.attname) is None and cache.get(field.name) is not None:
                values[field.attname] = cache[field.name].pk  # keeps the cached instance
    connection = connections[DEFAULT_DB_ALIAS]  # not the proxy: it costs per value
    columns = [f.column for f in fields]
    # created_at / updated_at: one moment for the whole statement (as DEFAULT now() would).
    moment = _Moment()
    moments = {f.attname: f.pre_save(moment, True) for f in fields if _is_auto_moment(f)}
    values = [_column(f, objs, connection, moment) for f in fields]  # column by column: fast
    write(model, columns, list(zip(*values, strict=True)))
    for obj in objs:
        obj.__dict__.update(moments)
        obj._state.adding = False
        obj._state.db = connection.alias
    return len(objs)


def _is_auto_moment(field: models.Field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _column(field: models.Field, objs: Sequence[models.Model], connection, moment) -> list:
    """The database values of one field for every instance."""
    if _is_auto_moment(field):  # the same for every row: prepared once
        return [field.get_db_prep_save(getattr(moment, field.attname), connection)] * len(objs)
    python = list(map(attrgetter(field.attname), objs))
    if _is_plain(field):
        return python
    prepare = field.get_db_prep_save
    return [prepare(value, connection) for value in python]


class _Moment:
    """Something `pre_save` may set the current moment on."""


def write(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Write rows of database-ready values (in `columns` order) to the model's table."""
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def moment_converter():
    """naive UTC datetime → what the backend stores for a DateTimeField (as Django does:
    an aware value on PostgreSQL, the UTC text on SQLite), for rows built as tuples."""
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        return lambda moment: moment.replace(tzinfo=datetime.UTC)
    return str


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for the model's table, in ascending order."""
    meta, connection = model._meta, connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count])
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(
            f"SELECT max(coalesce((SELECT max({connection.ops.quote_name(meta.pk.column)}) "  # noqa: S608
            f"FROM {connection.ops.quote_name(meta.db_table)}), 0), coalesce((SELECT seq "
            "FROM sqlite_sequence WHERE name = %s), 0))", [meta.db_table])
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))
