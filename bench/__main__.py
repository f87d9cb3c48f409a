"""Run the benchmark: ``python -m bench [--articles N] [--smoke]`` (see bench/run.py)."""

from bench.run import main

main()
