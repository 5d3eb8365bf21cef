"""A real gunicorn on 127.0.0.1 for the fault runs: started on its own port, its workers listed
from /proc so that one of them can be killed, stopped at the end by its process id."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.faults.web import Browser, free_port

GUNICORN = Path(sys.executable).with_name("gunicorn")
ROOT = Path(__file__).resolve().parents[2]


class Gunicorn:
    def __init__(self, env: dict, log_path: Path, workers: int = 2):
        self.port = free_port()
        self.log_path = log_path
        args = [str(GUNICORN), "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
                "--timeout", "60", "--graceful-timeout", "5", "ballot.wsgi:app"]  # fmt: skip
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            args, cwd=ROOT, env={**os.environ, **env}, stdout=self._log, stderr=subprocess.STDOUT
        )
        self._wait_until_up()

    def _wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            try:
                if Browser(self.port).get("/").status == 200 and len(self.workers()) > 0:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def workers(self) -> list[int]:
        """The worker processes: children of the gunicorn master."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def kill_worker(self) -> int:
        """kill -9 one worker (the master starts a new one); return its pid."""
        pid = self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()
