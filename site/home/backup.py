"""Backups that restore: one dated archive holding a consistent copy of the
database and the media folder.

The database copy is taken while the site runs: SQLite through its online
backup API (a consistent snapshot even while visitors write; the embedded
search index and the task queue are tables in it), PostgreSQL through
``pg_dump`` (one consistent transaction). Media files are added after the
database, so every image the database names is in the archive (an upload
that lands in between is there too, unreferenced and harmless).

Not in the archive: the secret key (``var/secret_key``: keep it apart, or
sessions and password-reset links start anew) and a search index kept
outside the database (Elasticsearch, ``SEARCH_SQLITE_PATH``): rebuild it
with ``search_reindex`` after a restore.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

FORMAT = 1
PREFIX = "rongcheng-"
SUFFIX = ".tar.gz"


class BackupError(Exception):
    pass


def _database():
    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return "sqlite", db
    if engine == "postgresql":
        return "postgresql", db
    raise BackupError(f"no backup method for the {engine} database engine")


def _pg_env(db):
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _copy_database(target_dir):
    engine, db = _database()
    if engine == "sqlite":
        target = target_dir / "db.sqlite3"
        source = sqlite3.connect(db["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return engine, target
    target = target_dir / "db.dump"
    subprocess.run(  # noqa: S603
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), db["NAME"]],  # noqa: S607
        check=True,
        env=_pg_env(db),
    )
    return engine, target


def make_backup(directory=None, now=None):
    """Write ``rongcheng-YYYYmmdd-HHMMSS.tar.gz`` into ``directory``; returns its path."""
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    archive = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    partial = archive.with_name(archive.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="backup-") as tmp:
        engine, database = _copy_database(Path(tmp))
        manifest = {"format": FORMAT, "created": now.isoformat(), "engine": engine, "database": database.name}
        manifest_path = Path(tmp) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2))
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, "manifest.json")
            tar.add(database, f"database/{database.name}")
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                tar.add(media, "media")
    partial.rename(archive)
    return archive


def list_backups(directory=None):
    directory = Path(directory or settings.BACKUP_DIR)
    return sorted(directory.glob(f"{PREFIX}*{SUFFIX}")) if directory.is_dir() else []


def prune_backups(directory=None, keep=None):
    """Delete all but the newest ``keep`` archives; returns the deleted paths."""
    keep = settings.BACKUP_KEEP if keep is None else keep
    old = list_backups(directory)[: -keep or None] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def _is_empty_sqlite(path):
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(path) as connection:
        return not connection.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]


def _is_empty_postgres(db):
    result = subprocess.run(  # noqa: S603
        ["psql", "-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname='public'", db["NAME"]],  # noqa: S607
        check=True,
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() == "0"


def restore_backup(archive):
    """Bring ``archive`` back into an empty database and media folder."""
    engine, db = _database()
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(f"the media folder {media} is not empty")
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory(prefix="restore-") as tmp:
        tar.extractall(tmp, filter="data")
        root = Path(tmp)
        manifest = json.loads((root / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        if manifest["engine"] != engine:
            raise BackupError(f"the archive holds a {manifest['engine']} database, this site uses {engine}")
        database = root / "database" / manifest["database"]
        if engine == "sqlite":
            target = Path(db["NAME"])
            if not _is_empty_sqlite(target):
                raise BackupError(f"the database {target} is not empty")
            target.parent.mkdir(parents=True, exist_ok=True)
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(database, target)
        else:
            if not _is_empty_postgres(db):
                raise BackupError(f"the database {db['NAME']} is not empty")
            subprocess.run(  # noqa: S603
                ["pg_restore", "--no-owner", "--dbname", db["NAME"], str(database)],  # noqa: S607
                check=True,
                env=_pg_env(db),
            )
        if (root / "media").is_dir():
            shutil.copytree(root / "media", media, dirs_exist_ok=True)
    return manifest
