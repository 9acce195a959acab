"""Run the real command line over whole source trees and check what must always hold.

    python -m bench.correctness.campaign                  # this Python's stdlib and site-packages
    python -m bench.correctness.campaign DIR [DIR ...]    # any source trees
    python -m bench.correctness.campaign --json report.json DIR ...

Each tree is copied to a temporary directory (without ``__pycache__``, and
without a ``site-packages`` or ``dist-packages`` directly inside it, which is a
corpus of its own; files hard-linked to each other stay so) and
``python -m flake8_fstring_regex`` runs on the copy as a subprocess, four
times:

1. check, ``--format json``;
2. ``--fix``, after each file with findings has been given a second name (a
   hard link outside the tree), another owner where the campaign may change
   it (as root: uid and gid 65534), and an extended attribute where the
   file system takes one;
3. ``--fix`` again;
4. check again.

Between the runs, the named invariants of ``invariants.py`` are checked
(``INVARIANTS`` lists them): a clean stderr and an exit status that agrees
with the output on every run; only files with findings change, each is
announced, every one changes, and no entry appears, vanishes or changes
kind or mode; a rewritten file keeps its line count, changes only lines
that hold a finding, still parses with libcst, with ``ast`` and with the
tree's own CPython (found beside a ``lib/pythonX.Y`` tree) whenever the
original did, and keeps its hard links, owner and extended attributes; the
second ``--fix`` changes nothing; the last check finds nothing; errors are
the same in every run, and only on files CPython rejects too, except
``nested too deeply``, a documented limit. Invariants marked as known to
fail are reported apart and do not fail the run.

The command skips directories such as ``build`` or ``site-packages`` when it
walks a tree, as it should in a project; the campaign names those
directories on the command line too, so that every ``.py`` file of the tree
is checked. A run that crashes (a traceback, a signal, an unknown exit
status, output that is not the JSON report) or hangs (``--timeout``) is
bisected to the file that causes it; that file is set aside and the tree is
run again.

Modules: ``command`` (the command line), ``campaign`` (the four runs),
``invariants`` (what must hold), ``tree`` (copies and snapshots), ``runs``
(running the command), ``judges`` (libcst, ``ast``, CPython;
``compile_files`` is the program a CPython runs), ``records`` and ``output``
(the report).

Exit status: 0 when every invariant held, 1 when one was violated or a run
crashed, 2 for bad usage.
"""
