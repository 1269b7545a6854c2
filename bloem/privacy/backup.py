"""Encrypted, verifiable backups of the whole database, and their restore (issue 3, item 12).

What a backup holds
-------------------
Every table of every installed (managed, concrete) model, raw: rows are read with plain
cursor queries, not through the ORM, so protected fields stay encrypted with the field keys
exactly as stored (a restore needs the same BLOEM_FIELD_KEYS). Each value is written in a
neutral, vendor-independent form (see `Column`): a backup of SQLite restores into
PostgreSQL and the other way round, and a table's checksum is the same on both.

    tar.gz stream
      header.json                  format, vendor, Django version, migration state, tables
                                   with their columns, in dependency order
      tables/<table>/000001.jsonl  one JSON array per row, columns in header order, rows in
      tables/<table>/000002.jsonl  primary-key order; at most PART_ROWS rows per part
      ...
      manifest.json                migration state, per table: row count and the SHA-256 of
                                   its canonical rows (the bytes of its .jsonl lines, in order)

Left out: django_session (restoring sessions would bring back logins; everybody logs in
again after a restore) and django_migrations (the restore target is migrated by `migrate`;
the backup's migration state must equal the target's).

Encryption
----------
The tar.gz stream is sealed with AES-256-GCM in chunks of CHUNK bytes (the STREAM
construction of Hoang, Reyhanitabar, Rogaway and Vizár, as in Tink's streaming AEAD and
age): chunk i is sealed with the nonce `prefix(7) || i(4) || last(1)` and the file header as
associated data. Changing, removing, reordering or truncating any byte — header included —
fails authentication. The key is the setting BACKUP_KEY (environment BLOEM_BACKUP_KEY: 32
random bytes, base64); the file header carries a key id (a hash, not the key) so that a
backup made with another key is told apart from a damaged one.

    "BLOEMBK1" | header length (4) | header JSON | chunks: length|last-bit (4) | sealed chunk

Restore
-------
Only into an empty, freshly migrated database with the backup's migration state. The
tables that `migrate` fills itself (SEEDED_BY_MIGRATE: content types, permissions, the
reference data of data migrations) are replaced by the backup's rows, so that ids match;
every other table must be empty. Everything happens in one transaction: rows are inserted
in dependency order with executemany in batches, the restored tables are read back and
compared with the manifest (counts and checksums), PostgreSQL sequences are reset, and an
audit event records the restore; any difference rolls everything back.
"""

import base64
import datetime
import decimal
import gzip
import hashlib
import io
import json
import os
import re
import tarfile
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import django
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.expressions import Col

FORMAT = "bloem-backup/1"
MAGIC = b"BLOEMBK1"
CHUNK = 1 << 20  # plaintext bytes per sealed chunk
LAST = 1 << 31  # flag in a chunk's length field
MAX_HEADER = 1 << 16
PART_ROWS = 20_000  # rows per .jsonl member: bounds the memory of backup and restore
INSERT_BATCH = 2_000
GZIP_LEVEL = 3  # fast; the JSON lines still shrink about fivefold
FETCH_BATCH = 5_000

EXCLUDED_TABLES = {"django_session"}
# Tables that `migrate` fills itself (post_migrate signals, data migrations). A new data
# migration with reference data belongs here; the round-trip test fails until it is.
SEEDED_BY_MIGRATE = frozenset({
    "contenttypes.contenttype",
    "auth.permission",
    "accounts.municipality",
    "catalogue.domain",
    "catalogue.petal",
    "programmes.programme",
    "programmes.programmetheme",
})
_PART_NAME = re.compile(r"^tables/(?P<table>[A-Za-z0-9_]+)/(?P<index>[0-9]{6})\.jsonl$")
_TEXT_TYPES = frozenset({
    "CharField", "TextField", "SlugField", "EmailField", "URLField", "FilePathField",
    "FileField", "ImageField",
})
_INTEGER_TYPES = frozenset({
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
    "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
})


class BackupError(Exception):
    """The backup cannot be written, read, verified or restored; the message says why."""


# -- the key --------------------------------------------------------------------------------


def backup_key() -> bytes:
    encoded = getattr(settings, "BACKUP_KEY", "") or ""
    if not encoded:
        raise BackupError(
            "No backup key: set BLOEM_BACKUP_KEY (setting BACKUP_KEY) to 32 random bytes, "
            "base64-encoded (python -c \"import base64, os; "
            "print(base64.b64encode(os.urandom(32)).decode())\"), and keep a copy of it "
            "apart from the backups: without it a backup cannot be restored."
        )
    try:
        key = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise BackupError("BACKUP_KEY is not valid base64.") from None
    if len(key) != 32:
        raise BackupError(f"BACKUP_KEY must be 32 bytes (AES-256), not {len(key)}.")
    return key


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"bloem-backup-key-id:" + key).hexdigest()[:16]


# -- the sealed (encrypted and authenticated) stream -----------------------------------------


class SealedWriter(io.RawIOBase):
    """Writes AES-256-GCM sealed chunks of everything written to it."""

    def __init__(self, raw, key: bytes) -> None:
        super().__init__()
        self._raw = raw
        self._aead = AESGCM(key)
        self._prefix = os.urandom(7)
        self._counter = 0
        self._buffer = bytearray()
        header = json.dumps({
            "format": FORMAT, "cipher": "AES-256-GCM", "chunk": CHUNK, "key_id": key_id(key),
            "nonce_prefix": base64.b64encode(self._prefix).decode(),
        }, sort_keys=True).encode()
        self._aad = MAGIC + len(header).to_bytes(4, "big") + header
        raw.write(self._aad)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        if self._counter >= 1 << 32:
            raise BackupError("The backup is too large for one file.")
        nonce = self._prefix + self._counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")
        sealed = self._aead.encrypt(nonce, chunk, self._aad)
        self._raw.write((len(sealed) | (LAST if last else 0)).to_bytes(4, "big") + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()


class SealedReader(io.RawIOBase):
    """Reads a sealed stream; every byte it returns has been authenticated."""

    def __init__(self, raw, key: bytes) -> None:
        super().__init__()
        self._raw = raw
        if raw.read(len(MAGIC)) != MAGIC:
            raise BackupError("This is not a Bloem backup (or its first bytes were changed).")
        length = int.from_bytes(self._exactly(4), "big")
        if length > MAX_HEADER:
            raise BackupError("The backup's header is damaged.")
        header_bytes = self._exactly(length)
        try:
            self.header = json.loads(header_bytes)
            prefix = base64.b64decode(self.header["nonce_prefix"])
            chunk, made_with = int(self.header["chunk"]), self.header["key_id"]
        except (ValueError, KeyError, TypeError):
            raise BackupError("The backup's header is damaged.") from None
        if self.header.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {self.header.get('format')!r}.")
        if made_with != key_id(key):
            raise BackupError(
                f"This backup was made with another key (key id {made_with}; the configured "
                f"BACKUP_KEY has id {key_id(key)}). Restore it with the key it was made with."
            )
        self._aad = MAGIC + length.to_bytes(4, "big") + header_bytes
        self._aead = AESGCM(key)
        self._prefix, self._chunk = prefix, chunk
        self._counter = 0
        self._plain = b""
        self._offset = 0
        self._done = False

    def _exactly(self, n: int) -> bytes:
        data = self._raw.read(n)
        while len(data) < n:
            more = self._raw.read(n - len(data))
            if not more:
                raise BackupError("The backup is truncated: its end is missing.")
            data += more
        return data

    def _next_chunk(self) -> None:
        field_ = self._raw.read(4)
        if len(field_) < 4:
            raise BackupError("The backup is truncated: its end is missing.")
        value = int.from_bytes(field_, "big")
        last, length = bool(value & LAST), value & ~LAST
        if length > self._chunk + 16:
            raise BackupError(f"The backup is damaged at chunk {self._counter}.")
        sealed = self._exactly(length)
        nonce = self._prefix + self._counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")
        try:
            self._plain = self._aead.decrypt(nonce, sealed, self._aad)
        except InvalidTag:
            raise BackupError(
                f"The backup has been changed or damaged: chunk {self._counter} fails "
                "authentication (AES-GCM). Do not restore it."
            ) from None
        self._offset = 0
        self._counter += 1
        if last:
            self._done = True
            if self._raw.read(1):
                raise BackupError("The backup has been changed: data after its end.")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._offset >= len(self._plain):
            if self._done:
                return 0
            self._next_chunk()
        n = min(len(buffer), len(self._plain) - self._offset)
        buffer[:n] = self._plain[self._offset:self._offset + n]
        self._offset += n
        return n

    def read_to_end(self) -> None:
        """Authenticate the rest of the stream (up to its last chunk)."""
        while not self._done:
            self._next_chunk()


# -- tables and values ---------------------------------------------------------------------


def _value_field(f: models.Field) -> models.Field:
    while f.is_relation:
        f = f.target_field
    return f


def _moment(value) -> str:
    """A timestamp as ISO 8601 in UTC with microseconds. SQLite hands over Django's naive
    UTC text (USE_TZ), PostgreSQL an aware datetime."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    else:
        value = value.astimezone(datetime.UTC)
    return value.isoformat(timespec="microseconds")


def _day(value) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _time(value) -> str:
    if isinstance(value, str):
        value = datetime.time.fromisoformat(value)
    return value.isoformat(timespec="microseconds")


def _duration(value) -> int:
    if isinstance(value, datetime.timedelta):
        return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    return int(value)


def _json_text(value) -> str:
    parsed = json.loads(value) if isinstance(value, str | bytes) else value
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"))


def _other(value):
    return value if isinstance(value, str | int | float | bool) else str(value)


@dataclass
class Column:
    """One column, and how its raw database value becomes a neutral JSON value
    (`encoder`) and back into a parameter for any database (`decoder`). Both return None
    when the value passes unchanged (texts, integers): most columns cost nothing."""

    name: str
    kind: str  # the internal type of the value (for a foreign key: of its target)
    field: models.Field  # the value field

    def encoder(self, connection, table_name: str):
        kind = self.kind
        if kind in _INTEGER_TYPES or kind in _TEXT_TYPES:
            return None
        simple = {"DateTimeField": _moment if settings.USE_TZ else _day, "DateField": _day,
                  "TimeField": _time, "BooleanField": bool, "DurationField": _duration,
                  "JSONField": _json_text, "FloatField": float,
                  "BinaryField": lambda v: base64.b64encode(bytes(v)).decode()}
        if kind in simple:
            return simple[kind]
        # Rare types: the backend's own converters first (e.g. SQLite's decimals).
        expression = Col(table_name, self.field, self.field)
        converters = connection.ops.get_db_converters(expression)
        finish = {"DecimalField": lambda v: format(decimal.Decimal(v), "f"),
                  "UUIDField": lambda v: str(v if isinstance(v, uuid.UUID) else uuid.UUID(v))
                  }.get(kind, _other)

        def convert(value):
            for converter in converters:
                value = converter(value, expression, connection)
            return finish(value)

        return convert

    def decoder(self, connection):
        kind, ops, f = self.kind, connection.ops, self.field
        if kind in _INTEGER_TYPES or kind in _TEXT_TYPES or kind in ("BooleanField",
                                                                      "FloatField"):
            return None
        return {
            "DateTimeField": lambda v: ops.adapt_datetimefield_value(
                datetime.datetime.fromisoformat(v)),
            "DateField": lambda v: ops.adapt_datefield_value(datetime.date.fromisoformat(v)),
            "TimeField": lambda v: ops.adapt_timefield_value(datetime.time.fromisoformat(v)),
            "DecimalField": lambda v: ops.adapt_decimalfield_value(
                decimal.Decimal(v), f.max_digits, f.decimal_places),
            "UUIDField": lambda v: f.get_db_prep_value(uuid.UUID(v), connection),
            "DurationField": lambda v: f.get_db_prep_value(
                datetime.timedelta(microseconds=v), connection),
            "BinaryField": base64.b64decode,
            "JSONField": lambda v: ops.adapt_json_value(json.loads(v), None),
            "GenericIPAddressField": ops.adapt_ipaddressfield_value,
            "IPAddressField": ops.adapt_ipaddressfield_value,
        }.get(kind)


def _coders(functions) -> list[tuple[int, object]]:
    return [(i, function) for i, function in enumerate(functions) if function is not None]


def _apply(row: list, coders) -> list:
    for i, function in coders:
        value = row[i]
        if value is not None:
            row[i] = function(value)
    return row


@dataclass
class Table:
    model: type[models.Model]
    name: str
    columns: list[Column]
    pk_columns: list[str]
    integer_pk: bool

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def _installed_models() -> list[type[models.Model]]:
    seen, result = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        if meta.db_table in seen or meta.db_table in EXCLUDED_TABLES:
            continue
        seen.add(meta.db_table)
        result.append(model)
    return result


def _dependency_order(models_: list[type[models.Model]]) -> list[type[models.Model]]:
    """Referenced tables before the tables that refer to them (Kahn). Cycles, should one
    appear, are broken by name: foreign keys are deferred to the commit on SQLite and
    PostgreSQL, so order is a courtesy, not a requirement."""
    by_label = {m._meta.label_lower: m for m in models_}
    needs = {
        label: {
            f.related_model._meta.concrete_model._meta.label_lower
            for f in m._meta.local_concrete_fields
            if f.is_relation and f.related_model is not None
        } & by_label.keys() - {label}
        for label, m in by_label.items()
    }
    ordered: list[str] = []
    while needs:
        ready = sorted(label for label, deps in needs.items() if not deps)
        if not ready:  # a cycle
            ready = [min(needs, key=lambda label: (len(needs[label]), label))]
        for label in ready:
            ordered.append(label)
            del needs[label]
        for deps in needs.values():
            deps.difference_update(ready)
    return [by_label[label] for label in ordered]


def tables() -> list[Table]:
    result = []
    for model in _dependency_order(_installed_models()):
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields
                  if f.column and not getattr(f, "generated", False)]
        columns = [Column(f.column, _value_field(f).get_internal_type(), _value_field(f))
                   for f in fields]
        pk_fields = list(getattr(meta, "pk_fields", [meta.pk]))
        result.append(Table(
            model=model, name=meta.db_table, columns=columns,
            pk_columns=[f.column for f in pk_fields],
            integer_pk=all(_value_field(f).get_internal_type() in _INTEGER_TYPES
                           for f in pk_fields),
        ))
    return result


_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def _line(row: list) -> bytes:
    return (_ENCODER.encode(row) + "\n").encode()


def table_lines(connection, table: Table) -> Iterator[bytes]:
    """The table's rows as canonical lines, in primary-key order (integer keys sort the
    same in every database; other keys are sorted here, in Python)."""
    qn = connection.ops.quote_name
    coders = _coders(c.encoder(connection, table.name) for c in table.columns)
    sql = "SELECT {} FROM {}".format(  # noqa: S608 - quoted names of installed models
        ", ".join(qn(c.name) for c in table.columns), qn(table.name))
    if table.integer_pk:
        sql += " ORDER BY " + ", ".join(qn(c) for c in table.pk_columns)
    positions = [i for i, c in enumerate(table.columns) if c.name in table.pk_columns]
    pending = []
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while batch := cursor.fetchmany(FETCH_BATCH):
            for raw in batch:
                row = _apply(list(raw), coders)
                if table.integer_pk:
                    yield _line(row)
                else:
                    pending.append(([str(row[i]) for i in positions], _line(row)))
    if pending:
        pending.sort(key=lambda item: item[0])
        yield from (line for _, line in pending)


def table_digest(connection, table: Table) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    for line in table_lines(connection, table):
        digest.update(line)
        count += 1
    return count, digest.hexdigest()


def database_digests(using: str = "default") -> dict[str, tuple[int, str]]:
    """Row count and checksum of every table, as a backup's manifest would record them."""
    connection = connections[using]
    return {t.name: table_digest(connection, t) for t in tables()}


def migration_state(connection) -> list[str]:
    return sorted(f"{app}.{name}"
                  for app, name in MigrationRecorder(connection).applied_migrations())


@contextmanager
def _snapshot(connection):
    """One consistent view of the whole database while it is read, without stopping the
    writers: REPEATABLE READ on PostgreSQL, a deferred read transaction on SQLite (WAL).
    Inside a caller's transaction (e.g. a test) that transaction is the snapshot."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=connection.alias):
        yield


# -- backup, verify, restore ---------------------------------------------------------------


@dataclass
class TableSummary:
    table: str
    rows: int
    sha256: str


@dataclass
class Summary:
    created_at: str
    vendor: str
    migrations: int
    tables: list[TableSummary] = field(default_factory=list)
    seconds: float = 0.0
    size: int = 0

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _add_member(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o600
    tar.addfile(info, io.BytesIO(data))


def _json_member(data) -> bytes:
    return json.dumps(data, indent=1, sort_keys=True).encode()


def write_backup(path: str, *, using: str = "default", progress=None) -> Summary:
    """Write an encrypted backup of database `using` to `path` (which must not exist)."""
    key = backup_key()
    connection = connections[using]
    started = time.monotonic()
    if os.path.exists(path):
        raise BackupError(f"{path} exists already; choose another file name.")
    partial = f"{path}.partial"
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise BackupError(f"Cannot write {partial}: {error.strerror}.") from None
    all_tables = tables()
    missing = set(t.name for t in all_tables) - set(connection.introspection.table_names())
    now = datetime.datetime.now(datetime.UTC)
    summary = Summary(created_at=now.isoformat(timespec="seconds"), vendor=connection.vendor,
                      migrations=0)
    try:
        if missing:
            raise BackupError(f"The database lacks tables {sorted(missing)}: migrate it first.")
        with os.fdopen(fd, "wb") as raw, SealedWriter(raw, key) as sealed, \
                gzip.GzipFile(fileobj=sealed, mode="wb", compresslevel=GZIP_LEVEL,
                              mtime=0) as packed, \
                tarfile.open(fileobj=packed, mode="w|") as tar, _snapshot(connection):
            migrations = migration_state(connection)
            summary.migrations = len(migrations)
            _add_member(tar, "header.json", _json_member({
                "format": FORMAT, "created_at": summary.created_at, "vendor": connection.vendor,
                "django": django.get_version(), "migrations": migrations,
                "tables": [{"table": t.name, "model": t.label,
                            "columns": [c.name for c in t.columns],
                            "kinds": [c.kind for c in t.columns]} for t in all_tables],
            }), now.timestamp())
            for table in progress(all_tables) if progress else all_tables:
                summary.tables.append(_write_table(tar, connection, table, now.timestamp()))
            _add_member(tar, "manifest.json", _json_member({
                "format": FORMAT, "created_at": summary.created_at, "migrations": migrations,
                "tables": [{"table": t.table, "rows": t.rows, "sha256": t.sha256}
                           for t in summary.tables],
                "rows": summary.rows,
            }), now.timestamp())
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    summary.size = os.path.getsize(path)
    summary.seconds = time.monotonic() - started
    return summary


def _write_table(tar, connection, table: Table, mtime: float) -> TableSummary:
    digest, count, part, index = hashlib.sha256(), 0, io.BytesIO(), 0
    rows_in_part = 0
    for line in table_lines(connection, table):
        digest.update(line)
        part.write(line)
        count += 1
        rows_in_part += 1
        if rows_in_part == PART_ROWS:
            index += 1
            _add_member(tar, f"tables/{table.name}/{index:06d}.jsonl", part.getvalue(), mtime)
            part, rows_in_part = io.BytesIO(), 0
    if rows_in_part:
        index += 1
        _add_member(tar, f"tables/{table.name}/{index:06d}.jsonl", part.getvalue(), mtime)
    return TableSummary(table.name, count, digest.hexdigest())


class _BackupStream:
    """Walks a backup's members in order: the header, every table part, the manifest;
    checks names, order, row counts and checksums on the way."""

    def __init__(self, handle, key: bytes) -> None:
        self.sealed = SealedReader(handle, key)
        try:
            self.packed = gzip.GzipFile(fileobj=self.sealed, mode="rb")
            self.tar = tarfile.open(fileobj=self.packed, mode="r|")  # noqa: SIM115
            self.members = iter(self.tar)
            first = next(self.members, None)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
            raise BackupError(f"The backup's content cannot be read: {error}.") from None
        if first is None or first.name != "header.json":
            raise BackupError("The backup does not start with its header.")
        self.header = self._json(first)
        if self.header.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {self.header.get('format')!r}.")
        self.table_order = [t["table"] for t in self.header["tables"]]
        self.digests = {name: hashlib.sha256() for name in self.table_order}
        self.counts = dict.fromkeys(self.table_order, 0)
        self.manifest = None

    def _json(self, member) -> dict:
        try:
            return json.loads(self.tar.extractfile(member).read())
        except (ValueError, AttributeError, tarfile.TarError, OSError, EOFError, zlib.error):
            raise BackupError(f"The backup's {member.name} is damaged.") from None

    def parts(self) -> Iterator[tuple[str, list[bytes]]]:
        """(table, lines) of every part, in order; afterwards `self.manifest` is set."""
        position, last_index = -1, 0
        try:
            for member in self.members:
                if member.name == "manifest.json":
                    self.manifest = self._json(member)
                    break
                match = _PART_NAME.match(member.name)
                if not match or not member.isfile() or match["table"] not in self.digests:
                    raise BackupError(f"Unexpected member {member.name!r} in the backup.")
                table, index = match["table"], int(match["index"])
                table_position = self.table_order.index(table)
                if table_position != position:
                    if table_position < position:
                        raise BackupError(f"The backup's parts of {table} are out of order.")
                    position, last_index = table_position, 0
                if index != last_index + 1:
                    raise BackupError(f"Part {index} of {table} is out of order or missing.")
                last_index = index
                lines = self.tar.extractfile(member).read().splitlines(keepends=True)
                for line in lines:
                    self.digests[table].update(line)
                self.counts[table] += len(lines)
                yield table, lines
            if self.manifest is None:
                raise BackupError("The backup has no manifest: it is incomplete.")
            if next(self.members, None) is not None:
                raise BackupError("The backup holds members after its manifest.")
            while self.packed.read(CHUNK):  # the end of the archive and gzip's checksum
                pass
            self.sealed.read_to_end()
        except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
            raise BackupError(f"The backup's content cannot be read: {error}.") from None

    def check(self) -> list[TableSummary]:
        """Compare what was read with the manifest."""
        listed = {t["table"]: t for t in self.manifest.get("tables", [])}
        if list(listed) != self.table_order:
            raise BackupError("The manifest does not list the tables of the header.")
        if self.manifest.get("migrations") != self.header.get("migrations"):
            raise BackupError("The manifest's migration state differs from the header's.")
        result = []
        for name in self.table_order:
            rows, sha = self.counts[name], self.digests[name].hexdigest()
            if listed[name]["rows"] != rows or listed[name]["sha256"] != sha:
                raise BackupError(
                    f"Table {name}: the backup holds {rows} rows with checksum {sha[:12]}…, "
                    f"the manifest says {listed[name]['rows']} rows, "
                    f"{listed[name]['sha256'][:12]}…."
                )
            result.append(TableSummary(name, rows, sha))
        return result


def _open(path: str):
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller's with
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None


def verify_backup(path: str) -> Summary:
    """Check a backup without restoring it: it decrypts and authenticates, and every
    table's row count and checksum equal its manifest."""
    key = backup_key()
    started = time.monotonic()
    with _open(path) as handle:
        stream = _BackupStream(handle, key)
        for _ in stream.parts():
            pass
        checked = stream.check()
    return Summary(created_at=stream.header.get("created_at", ""),
                   vendor=stream.header.get("vendor", ""),
                   migrations=len(stream.header.get("migrations", [])), tables=checked,
                   seconds=time.monotonic() - started, size=os.path.getsize(path))


def _refuse_unless_restorable(connection, header: dict, by_name: dict[str, Table]) -> None:
    ours, theirs = set(migration_state(connection)), set(header.get("migrations", []))
    if ours != theirs:
        raise BackupError(
            "The database's migration state differs from the backup's "
            f"(only in the backup: {sorted(theirs - ours)[:5]}; only in the database: "
            f"{sorted(ours - theirs)[:5]}). Restore with the Bloem version that made the "
            "backup into a database migrated by it, then migrate."
        )
    listed = {t["table"]: t for t in header["tables"]}
    if set(listed) != set(by_name):
        raise BackupError(
            f"The backup's tables differ from this installation's "
            f"(only in the backup: {sorted(set(listed) - set(by_name))}; only here: "
            f"{sorted(set(by_name) - set(listed))})."
        )
    for name, table in by_name.items():
        if listed[name]["columns"] != [c.name for c in table.columns]:
            raise BackupError(f"Table {name} has other columns than in the backup.")
    qn = connection.ops.quote_name
    filled = []
    with connection.cursor() as cursor:
        for name, table in by_name.items():
            if table.label in SEEDED_BY_MIGRATE:
                continue
            cursor.execute(f"SELECT 1 FROM {qn(name)} LIMIT 1")  # noqa: S608 - quoted name
            if cursor.fetchone():
                filled.append(name)
    if filled:
        raise BackupError(
            "Refusing to restore into a database that is not empty: "
            f"{', '.join(sorted(filled)[:8])}{' …' if len(filled) > 8 else ''} hold rows. "
            "Restore only into an empty database that has just been migrated "
            "(`bloem migrate` on a new database)."
        )


def restore_backup(path: str, *, using: str = "default", operator: str = "",
                   progress=None) -> Summary:
    """Restore a backup into the empty, migrated database `using`: all or nothing."""
    key = backup_key()
    connection = connections[using]
    started = time.monotonic()
    by_name = {t.name: t for t in tables()}
    with _open(path) as handle:
        stream = _BackupStream(handle, key)
        _refuse_unless_restorable(connection, stream.header, by_name)
        qn = connection.ops.quote_name
        decoders = {name: _coders(c.decoder(connection) for c in table.columns)
                    for name, table in by_name.items()}
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                for table in reversed(list(by_name.values())):
                    if table.label in SEEDED_BY_MIGRATE:
                        cursor.execute(f"DELETE FROM {qn(table.name)}")  # noqa: S608
                parts = stream.parts()
                for table_name, lines in progress(parts) if progress else parts:
                    coders = decoders[table_name]
                    _insert(connection, cursor, by_name[table_name],
                            (_apply(json.loads(line), coders) for line in lines))
            checked = stream.check()
            _compare_with_database(connection, by_name, checked)
            statements = connection.ops.sequence_reset_sql(
                no_style(), [t.model for t in by_name.values()])
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
            _record_restore(using, stream.header, checked, operator)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner takes the restored tables for empty ones.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ContentType.objects.clear_cache()
    return Summary(created_at=stream.header.get("created_at", ""),
                   vendor=stream.header.get("vendor", ""),
                   migrations=len(stream.header.get("migrations", [])), tables=checked,
                   seconds=time.monotonic() - started, size=os.path.getsize(path))


def _insert(connection, cursor, table: Table, rows: Iterator[list]) -> None:
    """Bulk insert: COPY on PostgreSQL, executemany in batches elsewhere."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c.name) for c in table.columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {qn(table.name)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - quoted names
        qn(table.name), columns, ", ".join(["%s"] * len(table.columns)))
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == INSERT_BATCH:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def _compare_with_database(connection, by_name: dict[str, Table],
                           checked: list[TableSummary]) -> None:
    """Read the restored tables back: every count and checksum must equal the manifest."""
    for expected in checked:
        rows, sha = table_digest(connection, by_name[expected.table])
        if (rows, sha) != (expected.rows, expected.sha256):
            raise BackupError(
                f"Table {expected.table} differs after the restore ({rows} rows, "
                f"{sha[:12]}…; the backup: {expected.rows} rows, {expected.sha256[:12]}…); "
                "nothing was restored."
            )


def record_command_event(*, using: str, action: str, reason: str,
                         subject_count: int) -> None:
    """The audit event of a backup or restore (NEN 7513: an export, or a write of the
    whole database), written by the command itself, who ran it in the reason."""
    from bloem.audit.models import AccessEvent, Channel
    from bloem.audit.services import record

    if using == "default":
        record(request=None, action=action, record_type="privacy.backup",
               channel=Channel.COMMAND, subject_count=subject_count, reason=reason)
    else:  # the audit service writes to the default database only
        AccessEvent.objects.using(using).create(
            actor_username="system", action=action, channel=Channel.COMMAND,
            record_type="privacy.backup", subject_count=subject_count, reason=reason,
        )


def _record_restore(using: str, header: dict, checked: list[TableSummary],
                    operator: str) -> None:
    from bloem.audit.models import Action

    persons = next((t.rows for t in checked if t.table == "families_person"), 0)
    record_command_event(
        using=using, action=Action.CREATE, subject_count=persons,
        reason=f"database restored from the backup of {header.get('created_at')} "
               f"({sum(t.rows for t in checked)} rows, verified), run by {operator}",
    )
