"""Backup and restore drill: back up the PostgreSQL database and the media folders, restore them
somewhere empty, and check that nothing was lost — every table's row count and every file's SHA-256.

    python scripts/backup_drill.py                                 # DATABASE_URL, MEDIA_ROOT, PRIVATE_MEDIA_ROOT
    python scripts/backup_drill.py --database-url postgres://… --media DIR --media DIR --keep /backup/drill

It never touches the live database or folders: the dump is restored into a new database
(`<name>_restore_drill`, dropped afterwards unless --keep) and the archive into a temporary folder.
The backup itself is what docs/operations.md prescribes (pg_dump --format=custom, then a tar of the
media), so the drill tests the procedure, not a variant of it. Prints a verdict and exits 1 on any
difference. Needs pg_dump, pg_restore, createdb and dropdb (Debian's postgresql-client)."""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


@dataclass
class Inventory:
    """What a backup must bring back: row counts per table and a checksum per file."""

    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def differences(self, other: Inventory) -> list[str]:
        found = []
        for table in sorted(self.rows.keys() | other.rows.keys()):
            if self.rows.get(table) != other.rows.get(table):
                found.append(f"table {table}: {self.rows.get(table)} rows before, {other.rows.get(table)} after")
        for name in sorted(self.files.keys() | other.files.keys()):
            if self.files.get(name) != other.files.get(name):
                found.append(f"file {name}: {'missing' if name not in other.files else 'different content'}")
        return found


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def row_counts(url: str) -> dict[str, int]:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        count = sql.SQL("SELECT count(*) FROM {}")
        return {table: connection.execute(count.format(sql.Identifier(table))).fetchone()[0] for table in tables}


def checksums(folders: list[Path]) -> dict[str, str]:
    found = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            found[f"{folder.name}/{path.relative_to(folder)}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run(*command: str) -> None:
    # PostgreSQL's own client programs; the arguments are the operator's database URL and paths.
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603


def back_up(url: str, folders: list[Path], into: Path) -> tuple[Path, Path]:
    """The nightly backup of docs/operations.md: the dump first, the files second."""
    dump = into / "alliance.dump"
    run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", url)
    archive = into / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for folder in folders:
            if folder.exists():
                tar.add(folder, arcname=folder.name)
    return dump, archive


def restore(dump: Path, archive: Path, url: str, into: Path) -> list[Path]:
    """Onto an empty database and an empty folder, as after losing the machine."""
    name = database_name(url)
    run("dropdb", "--if-exists", f"--maintenance-db={with_database(url, 'postgres')}", name)
    run("createdb", f"--maintenance-db={with_database(url, 'postgres')}", name)
    run("pg_restore", "--no-owner", f"--dbname={url}", str(dump))
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return [into / child.name for child in into.iterdir()]


def drill(url: str, folders: list[Path], keep: Path | None = None) -> list[str]:
    """Back up, restore elsewhere, compare. Returns the differences (none: the backup is whole)."""
    before = Inventory(rows=row_counts(url), files=checksums(folders))
    restored_url = with_database(url, f"{database_name(url)}_restore_drill")
    with tempfile.TemporaryDirectory(prefix="backup-drill-") as scratch:
        workdir = keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        dump, archive = back_up(url, folders, workdir)
        restored_files = workdir / "restored-media"
        restored_files.mkdir(exist_ok=True)
        try:
            restored_folders = restore(dump, archive, restored_url, restored_files)
            after = Inventory(rows=row_counts(restored_url), files=checksums(restored_folders))
        finally:
            if keep is None:
                run(
                    "dropdb",
                    "--if-exists",
                    f"--maintenance-db={with_database(url, 'postgres')}",
                    database_name(restored_url),
                )
    print(
        f"backed up and restored {len(before.rows)} tables, {sum(before.rows.values())} rows, "
        f"{len(before.files)} files ({dump.name}, {archive.name})"
    )
    return before.differences(after)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--media", action="append", type=Path, help="a media folder (repeat); default both roots")
    parser.add_argument("--keep", type=Path, help="keep the dump, archive and restored database here")
    options = parser.parse_args(argv)
    if not options.database_url.startswith("postgres"):
        parser.error("the drill is for PostgreSQL: set DATABASE_URL or pass --database-url postgres://…")
    root = Path(__file__).resolve().parent.parent / "site"
    folders = options.media or [
        Path(os.environ.get("MEDIA_ROOT", root / "media")),
        Path(os.environ.get("PRIVATE_MEDIA_ROOT", root / "private-media")),
    ]
    differences = drill(options.database_url, folders, options.keep)
    for line in differences:
        print(f"LOST: {line}")
    print("verdict: " + ("FAILED" if differences else "OK — every row and every file came back"))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
