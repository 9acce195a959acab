"""The write-up's reproduction: the same tasks run with one thread, threads,
processes, asyncio and gevent, each timed in a fresh interpreter.

``python -m bench.concurrency`` runs it (see ``bench/README.md``);
``command`` holds the command line, the other modules its parts: the
workload, the strategies, the results, the checks and the report.
"""
