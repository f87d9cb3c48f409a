"""Serve the archive search until stopped: several processes, one shared index.

Takes the index folder (built by `python -m indexer rebuild`), host, port, the
number of worker processes (default: the number of cores) and threads per
process; prints the URL. gunicorn where the platform forks (Linux, macOS),
waitress threads on Windows (see searchapp/serve.py for why). Never Flask's
development server, never debug mode. A rebuild or update of the index is
picked up by every process without a restart. Example:

    python -m searchapp --index /srv/gonghui/index --host 127.0.0.1 --port 5000 --workers 4
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from indexer.storage import store
from searchapp import create_app
from searchapp.serve import PortUnavailable, default_workers, run


def positive(text: str) -> int:
    """Parse a whole number of at least 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve the app."""
    parser = argparse.ArgumentParser(prog="python -m searchapp", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", default=os.environ.get("GONGHUI_INDEX", "index"),
                        help="index folder built by `python -m indexer rebuild` (default: index)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port (default: 5000)")
    parser.add_argument("--workers", type=positive, default=default_workers(),
                        help=f"worker processes (default: the number of cores, here {default_workers()})")
    parser.add_argument("--threads", type=positive, default=4, help="threads per process (default: 4)")
    parser.add_argument("--server", choices=("auto", "gunicorn", "waitress"), default="auto",
                        help="auto (default): gunicorn where fork exists, else waitress")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port {args.port}: a port is a number from 1 to 65535")

    try:
        store.current(Path(args.index))
    except store.IndexMissing as error:
        print(f"warning: {error}; pages will say so until it is built", file=sys.stderr)
    host = f"[{args.host}]" if ":" in args.host else args.host
    try:
        run(lambda: create_app({"INDEX_DIR": args.index}), args.host, args.port, args.workers,
            args.threads, args.server,
            say=lambda line: print(line, flush=True),
            banner=f"Serving the archive search on http://{host}:{args.port}/ (index: {args.index})")
    except PortUnavailable as error:
        print(error, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
