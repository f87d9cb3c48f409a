"""Serve the archive search with waitress until stopped.

Takes the index folder (built by `python -m indexer rebuild`), host and port;
prints the URL. Never Flask's development server, never debug mode. A rebuild
or update of the index is picked up without a restart. Example:

    python -m searchapp --index /srv/gonghui/index --host 127.0.0.1 --port 5000
"""

from __future__ import annotations

import argparse
import os
import sys

from waitress import serve

from indexer.storage import store
from searchapp import create_app
from searchapp.views.archive import POOL_KEY


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve the app."""
    parser = argparse.ArgumentParser(prog="python -m searchapp", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", default=os.environ.get("GONGHUI_INDEX", "index"),
                        help="index folder built by `python -m indexer rebuild` (default: index)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port (default: 5000)")
    parser.add_argument("--threads", type=int, default=4, help="worker threads (default: 4)")
    args = parser.parse_args(argv)

    app = create_app({"INDEX_DIR": args.index})
    try:
        app.extensions[POOL_KEY].get()  # open the index now, so the first request does not wait
    except store.IndexMissing as error:
        print(f"warning: {error}; pages will say so until it is built", file=sys.stderr)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Serving the archive search on http://{host}:{args.port}/ (index: {args.index})", flush=True)
    serve(app, host=args.host, port=args.port, threads=args.threads, ident="gonghui-search")


if __name__ == "__main__":
    main()
