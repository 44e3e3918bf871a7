"""A throwaway PostgreSQL server on 127.0.0.1 for the test session (DESIGN.md section 5)."""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN_CANDIDATES = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin",
                     "/usr/lib/postgresql/17/bin"]


def _bin(name: str) -> str:
    for folder in PG_BIN_CANDIDATES:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """initdb + pg_ctl in a temporary folder; run as `postgres` when we are root."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.port = _free_port()
        self.as_user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        command = list(args)
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> "Server":
        if self.as_user:
            entry = pwd.getpwnam(self.as_user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self._run(_bin("initdb"), "-D", str(self.dir / "data"), "--auth=trust",
                  "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")
        return self.resume()

    def resume(self) -> "Server":
        """Start the server (again) on its data folder and port: the data is kept."""
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(_bin("pg_ctl"), "-D", str(self.dir / "data"), "-o", options, "-w",
                  "-l", str(self.dir / "log"), "start")
        return self

    def pause(self) -> None:
        """Stop the server as an outage would (connections cut), keeping its data folder."""
        self._run(_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w",
                  "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        finally:
            time.sleep(0.1)
            shutil.rmtree(self.dir, ignore_errors=True)
