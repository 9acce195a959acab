"""Programs the lint-speed benchmark runs in a child process, by file path.

Each is a script that imports only the standard library and the tool it
drives (never ``bench``), so the child imports nothing the measurement
does not need; the parent imports a module only for its constants.
"""
