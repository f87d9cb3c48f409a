"""Run the app under a production server: several processes where the platform forks.

Takes a Flask app factory's config (the index folder), host, port, a number of
worker processes and threads per process; serves until stopped.

* Where ``fork`` exists (Linux, macOS) and gunicorn is installed: gunicorn with
  ``gthread`` workers, ``workers`` processes of ``threads`` threads. A search is
  CPU-bound Python, so threads of one process share one core (the GIL); only
  processes use several cores. The index is read-only to the app, so the
  processes share it through the operating system's file cache. jieba's
  dictionary is loaded once in the parent before forking (the children share
  it); each child opens its own index readers after the fork (file handles
  are never shared between processes) and, as one process does, picks up a
  new index generation within ``INDEX_CHECK_SECONDS`` of its publication.
* Elsewhere (Windows has no ``fork``; gunicorn does not run there): waitress,
  one process of ``workers × threads`` threads, with a note that searches then
  share one core.

A port already in use (on macOS, port 5000 is taken by the AirPlay receiver)
ends with one line suggesting ``--port``, never a traceback.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from typing import Any, Callable

from flask import Flask

from indexer.storage import store
from indexer.storage.analysis import jieba_tokenizer
from searchapp.views.archive import POOL_KEY

IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}


class PortUnavailable(SystemExit):
    """The address cannot be listened on; the message says why and what to do."""


def default_workers() -> int:
    """Return the default number of worker processes: the number of cores."""
    return os.cpu_count() or 1


def can_fork_server() -> bool:
    """Tell whether gunicorn can run here (fork exists and gunicorn is installed)."""
    if sys.platform == "win32" or not hasattr(os, "fork"):
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def port_message(host: str, port: int, error: OSError) -> str:
    """Return the one-line message for an address that cannot be listened on."""
    where = f"{host}:{port}"
    if error.errno in IN_USE:
        hint = " (on macOS the AirPlay Receiver takes port 5000)" if port == 5000 else ""
        return (f"error: port {port} is already in use on {host}{hint}; "
                f"choose another with --port, e.g. --port {port + 1 if port < 65535 else 8000}")
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"error: not allowed to listen on {where}; choose a port above 1024 with --port"
    if error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
        return f"error: cannot listen on {where}: no such address on this machine; check --host"
    return f"error: cannot listen on {where}: {error.strerror or error}"


def check_port(host: str, port: int) -> None:
    """Raise PortUnavailable with a one-line message if host:port cannot be listened on now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        # Bind the way the servers do (SO_REUSEADDR on POSIX), so a port in
        # TIME_WAIT is not refused here while the server itself would take it.
        with socket.create_server((host, port), family=family, reuse_port=False):
            pass
    except OSError as error:
        raise PortUnavailable(port_message(host, port, error)) from None


def warm_up() -> None:
    """Load what every process needs before forking: jieba's dictionary (used by queries)."""
    jieba_tokenizer()


def open_index(app: Flask) -> None:
    """Open this process's index readers now, so its first request does not wait."""
    try:
        app.extensions[POOL_KEY].get()
    except store.IndexMissing:
        pass  # already said once by the parent; pages say so until it is built


def serve_waitress(app: Flask, host: str, port: int, threads: int) -> None:
    """Serve with waitress in this process (threads only)."""
    from waitress import create_server

    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="gonghui-search")
    except OSError as error:
        raise PortUnavailable(port_message(host, port, error)) from None
    open_index(app)
    server.run()


def serve_gunicorn(app_factory: Callable[[], Flask], host: str, port: int, workers: int,
                   threads: int) -> None:
    """Serve with gunicorn: `workers` forked processes of `threads` threads each."""
    from gunicorn.app.base import BaseApplication

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    class Application(BaseApplication):
        def load_config(self) -> None:
            settings: dict[str, Any] = {
                "bind": [bind], "workers": workers, "threads": threads, "worker_class": "gthread",
                "preload_app": True,  # the app and jieba are loaded once, before forking
                "post_fork": lambda arbiter, worker: open_index(worker.app.callable),
                # A gthread worker accepts connections while all its threads are busy and
                # queues them, while another worker may be idle (measured: 1.27x the
                # throughput of one worker instead of 1.67x). Accept only with a free
                # thread, and close idle connections so that they do not hold one.
                "worker_connections": threads, "keepalive": 0,
                "timeout": 120,  # a whole-archive export may take a while
                "graceful_timeout": 10, "accesslog": None, "loglevel": "warning",
                "proc_name": "gonghui-search",
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app_factory()

    Application().run()


def run(app_factory: Callable[[], Flask], host: str, port: int, workers: int, threads: int,
        server: str = "auto", say: Callable[[str], None] = print, banner: str = "") -> None:
    """Check the port, warm up, say the banner, then serve with the server that fits the platform."""
    check_port(host, port)
    warm_up()
    if banner:
        say(banner)
    use_gunicorn = server == "gunicorn" or (server == "auto" and can_fork_server())
    if use_gunicorn and not can_fork_server():
        raise SystemExit("error: gunicorn needs fork and is not available here; use --server waitress")
    if use_gunicorn:
        say(f"server: gunicorn, {workers} process{'es' if workers != 1 else ''} × {threads} threads")
        serve_gunicorn(app_factory, host, port, workers, threads)
        return
    total = max(1, workers) * threads
    note = ("" if workers <= 1 else
            f" (no fork here: --workers {workers} becomes {total} threads of one process; "
            "searches share one core)")
    say(f"server: waitress, 1 process × {total} threads{note}")
    serve_waitress(app_factory(), host, port, total)
