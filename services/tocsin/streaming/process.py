"""Run a worker as a separate process (for `make run` and the integration tests): start, wait healthy, stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import orjson


class WorkerProcess:
    def __init__(
        self,
        bootstrap: str,
        web_port: int,
        data_dir: Path,
        log_path: Path,
        env: dict[str, str] | None = None,
    ) -> None:
        self.bootstrap = bootstrap
        self.web_port = web_port
        self.data_dir = data_dir
        self.log_path = log_path
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start(self, timeout: float = 120.0) -> WorkerProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        cmd = [
            sys.executable, "-m", "tocsin.cli", "worker",
            "--bootstrap", self.bootstrap,
            "--web-port", str(self.web_port),
            "--data-dir", str(self.data_dir),
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited with {self.proc.returncode}; see {self.log_path}")
            if self.healthy():
                return self
            time.sleep(0.5)
        raise TimeoutError(f"worker not healthy after {timeout:.0f}s; see {self.log_path}")

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def _request(self, path: str, headers: Mapping[str, str] | None) -> urllib.request.Request:
        return urllib.request.Request(f"{self.url}{path}", headers=dict(headers or {}))

    def get_json(self, path: str, headers: Mapping[str, str] | None = None) -> dict[str, object]:
        with urllib.request.urlopen(self._request(path, headers), timeout=5) as response:
            data: dict[str, object] = orjson.loads(response.read())
            return data

    def stop(self, timeout: float = 30.0) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            return self.proc.wait(10)

    def kill(self) -> None:
        """SIGKILL the worker (and anything it started): no clean shutdown, no final commit."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def get_text(self, path: str, headers: Mapping[str, str] | None = None) -> str:
        with urllib.request.urlopen(self._request(path, headers), timeout=5) as response:
            return str(response.read().decode("utf-8"))

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
