"""``shuxiang run`` for real: long polling against a local Bot API server, clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class FakeServer(BaseHTTPRequestHandler):
    calls: list[str] = []
    updates_served = False

    def log_message(self, *args: Any) -> None:  # keep the test output clean
        pass

    def do_POST(self) -> None:
        method = self.path.rsplit("/", 1)[-1]
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        FakeServer.calls.append(method)
        result: Any = True
        if method == "getMe":
            result = {"id": 1000, "is_bot": True, "first_name": "书香", "username": "shuxiang_test_bot",
                      "can_join_groups": False, "can_read_all_group_messages": False,
                      "supports_inline_queries": True}
        elif method == "getUpdates":
            time.sleep(0.2)
            result = []
        elif method == "getMyCommands":
            result = []
        body = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_run_polls_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "123:TEST"\nbase_url = "http://127.0.0.1:{port}/bot"\n'
        f'[database]\npath = "{tmp_path / "lib.db"}"\n[staff]\nlibrarian_ids = [42]\n', "utf-8")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config), "run"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while "getUpdates" not in FakeServer.calls and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.1)
        assert "getUpdates" in FakeServer.calls, FakeServer.calls
        assert "setMyCommands" in FakeServer.calls  # menus were set in post_init
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        server.shutdown()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert (tmp_path / "lib.db").is_file()
