"""A throwaway PostgreSQL server for the tests, the failure test and the benchmarks: initdb
into a temporary folder, pg_ctl start on a free loopback port, pg_ctl stop at the end.

It uses Debian's ``postgresql`` package (.ci/system-packages installs it). PostgreSQL refuses
to run as root, so as root (CI, a container) the server runs as the ``postgres`` user through
``runuser``. Durability is off (fsync, synchronous_commit): the data is thrown away.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

SERVER_USER = "postgres"


class PostgresMissingError(RuntimeError):
    """No PostgreSQL server programs on this machine."""


def server_bin_dir() -> Path:
    """Where initdb and pg_ctl are: pg_config's answer, else Debian's newest version."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version, reverse=True)
    for found in candidates:
        if (found / "initdb").is_file() and (found / "pg_ctl").is_file():
            return found
    initdb = shutil.which("initdb")
    if initdb is not None:
        return Path(initdb).resolve().parent
    raise PostgresMissingError(
        "PostgreSQL's server programs are missing: apt-get install postgresql"
    )


def _version(path: Path) -> int:
    name = path.parent.name
    return int(name) if name.isdigit() else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalPostgres:
    """One server in ``root`` (made if missing) listening on 127.0.0.1 only."""

    def __init__(self, root: Path | None = None, port: int | None = None) -> None:
        self.root = Path(root or tempfile.mkdtemp(prefix="tgbot-pg-"))
        self.port = port or free_port()
        self.bin = server_bin_dir()
        self._as_root = os.geteuid() == 0
        self._options = ""

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        # The server listens on loopback without TLS: saying so spares every connection a
        # refused TLS handshake and a certificate store loaded for nothing (~8 ms each).
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if self._as_root:
            shutil.chown(self.root, SERVER_USER, SERVER_USER)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SERVER_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=400",
            ]
        )
        self._options = options
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
            "-w", "start",
        )  # fmt: skip

    def restart(self) -> None:
        """Stop at once (no checkpoint, as in a crash: commits not yet on disk are lost) and
        start again on the same port and data (the failure benchmark)."""
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
            "-o", self._options, "-m", "immediate", "-w", "restart",
        )  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root)


@contextlib.contextmanager
def local_postgres() -> Iterator[LocalPostgres]:
    server = LocalPostgres()
    server.start()
    try:
        yield server
    finally:
        server.stop()
