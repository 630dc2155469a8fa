"""Throwaway servers for the fault drills: a PostgreSQL and a Redis of the drill's own (never the
machine's shared ones, which other test runs use), gunicorn with the production settings on the
test database, and finding which process holds a database connection."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from scripts import live_server

PG_BIN = Path("/usr/lib/postgresql/15/bin")

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the drill runs gunicorn and workers against the test database, which only PostgreSQL shares "
    "between processes (the PostgreSQL pass)",
)


def database_url(name: str | None = None) -> str:
    settings = connection.settings_dict
    user, host, port = (
        settings.get("USER") or "postgres",
        settings.get("HOST") or "127.0.0.1",
        settings.get("PORT") or 5432,
    )
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{name or settings['NAME']}"


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


# --- which process owns a TCP connection ----------------------------------------------------------
def _socket_inodes(local_port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == local_port:
                    inodes.add(fields[9])
    return inodes


def pid_with_local_port(local_port: int) -> int:
    """The process holding the client end of a TCP connection (a database connection's client_port)."""
    wanted = {f"socket:[{inode}]" for inode in _socket_inodes(local_port)}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in wanted for fd in (entry / "fd").iterdir()):
                return int(entry.name)
        except OSError:  # a process that ended meanwhile
            continue
    raise LookupError(f"no process holds local port {local_port}")


# --- gunicorn on a database -----------------------------------------------------------------------
@contextmanager
def collected_static():
    """Static files collected once (production's manifest storage needs them, the error pages too)."""
    workdir = Path(tempfile.mkdtemp(prefix="alliance-drill-static-"))
    env = live_server.server_env(workdir, f"sqlite:///{workdir / 'unused.sqlite3'}")
    live_server.manage(env, "collectstatic", "--noinput")
    try:
        yield workdir / "static"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def gunicorn_env(workdir: Path, static_root: Path, database_url: str, **extra: str) -> dict:
    from django.conf import settings

    # The test process's key, so that a session it creates (force_login) is valid in gunicorn.
    return live_server.server_env(
        workdir, database_url, STATIC_ROOT=str(static_root), SECRET_KEY=settings.SECRET_KEY, **extra
    )


# --- PostgreSQL of our own ------------------------------------------------------------------------
def _as_postgres(args: list) -> list:
    return ["runuser", "-u", "postgres", "--", *map(str, args)] if os.geteuid() == 0 else list(map(str, args))


class OwnPostgres:
    """A PostgreSQL 15 cluster in a temporary folder, on its own port; stopped and removed after."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="alliance-drill-pg-"))
        self.data = self.folder / "data"
        self.port = live_server.free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(  # noqa: S603 - the system's PostgreSQL binaries
            _as_postgres([PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync"]),
            check=True,
            capture_output=True,
        )

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(  # noqa: S603 - the system's PostgreSQL binaries
            _as_postgres([PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", *args]),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def copy_database(self, source_url: str, name: str) -> str:
        """A copy of the database at `source_url` (schema and rows) in this cluster; its URL."""
        subprocess.run(  # noqa: S603
            [PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name], check=True
        )
        dump = subprocess.run(  # noqa: S603
            [PG_BIN / "pg_dump", "--format=custom", "--no-owner", source_url], check=True, capture_output=True
        ).stdout
        subprocess.run(  # noqa: S603
            [PG_BIN / "pg_restore", "--no-owner", "--dbname", self.url(name)], input=dump, check=True
        )
        return self.url(name)

    def close(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)


# --- Redis of our own -----------------------------------------------------------------------------
class OwnRedis:
    """`redis-server --save ''` on its own port; `stop()` and `start()` again on the same port."""

    def __init__(self):
        self.port = live_server.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
            stdout=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=10, what="redis-server to answer")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                probe.sendall(b"PING\r\n")
                return probe.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)  # gone at once, as when the server crashes
            self.process.wait(timeout=10)
