"""Run the indexer command line: ``python -m indexer --help``."""

from indexer.cli import main

if __name__ == "__main__":
    main()
