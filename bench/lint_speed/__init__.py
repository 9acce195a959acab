"""How fast the linter is: in flake8, alone, and beside ruff and Fixit.

``python -m bench.lint_speed`` runs it (see ``README.md`` here). ``command``
is the command line; ``sections`` holds the measurements, one module each,
built on ``section`` (what a section is); ``tools`` runs and times the
tools, ``children`` holds the programs they run in a child process,
``corpus`` the files, ``report`` the table and the JSON document.

Nothing is imported here: the child programs and the import-time probe
must not pull in the package under measurement.
"""
