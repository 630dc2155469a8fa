"""The backup and restore drill (scripts/backup_drill.py) on the test database: everything that was
backed up comes back, row for row and byte for byte; and a loss is reported, not glossed over."""

import shutil

import pytest
from django.db import connection

from scripts.backup_drill import Inventory, drill
from tests.scale.drill_servers import database_url

needs_postgres_tools = pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="the drill backs up PostgreSQL with pg_dump (the PostgreSQL pass; postgresql-client)",
)


@needs_postgres_tools
@pytest.mark.django_db
def test_every_row_and_file_comes_back(tmp_path, capsys):
    media, private = tmp_path / "media", tmp_path / "private-media"
    (media / "documents").mkdir(parents=True)
    (private / "certificates").mkdir(parents=True)
    (media / "documents" / "课程标准.pdf").write_bytes(b"%PDF-1.4 public")
    (private / "certificates" / "LXH-2026-0001.pdf").write_bytes(b"%PDF-1.4 private")

    assert drill(database_url(), [media, private]) == []
    printed = capsys.readouterr().out
    assert "2 files" in printed and "tables" in printed


def test_a_lost_row_or_file_is_reported():
    before = Inventory(rows={"membership_memberunit": 3}, files={"private-media/a.pdf": "x", "media/b.pdf": "y"})
    after = Inventory(rows={"membership_memberunit": 2}, files={"media/b.pdf": "z"})
    assert before.differences(after) == [
        "table membership_memberunit: 3 rows before, 2 after",
        "file media/b.pdf: different content",
        "file private-media/a.pdf: missing",
    ]
    assert before.differences(before) == []
