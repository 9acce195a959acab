"""A unified diff of two byte strings that ``git apply`` and ``patch`` accept.

The diff is built on bytes, so it holds the file's own encoding and line
endings. Lines are what patch tools call lines: text up to and including
``\\n``. ``str.splitlines`` (and difflib fed with it) also splits on form
feeds, ``\\x1c``-``\\x1e``, U+0085, U+2028 and U+2029, which gives hunks the
tools cannot find in the file; a lone ``\\r`` (a Python line break) stays
inside a patch line for the same reason. A last line without ``\\n`` is
followed by ``\\ No newline at end of file``.
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_fstring_regex.names import show_path

CONTEXT = 3
NO_NEWLINE = b"\\ No newline at end of file\n"


def patch_lines(data: bytes) -> list[bytes]:
    """``data`` cut after each ``\\n``; the last piece may lack one."""
    lines = data.split(b"\n")
    pieces = [line + b"\n" for line in lines[:-1]]
    if lines[-1]:
        pieces.append(lines[-1])
    return pieces


def _range(start: int, length: int) -> str:
    """A hunk range as GNU diff writes it: ``start,length``, ``start`` when
    the length is one, and the line before when the range is empty."""
    if length == 1:
        return str(start + 1)
    if length == 0:
        return f"{start},0"
    return f"{start + 1},{length}"


def _line(prefix: bytes, line: bytes) -> Iterator[bytes]:
    if line.endswith(b"\n"):
        yield prefix + line
    else:
        yield prefix + line + b"\n"
        yield NO_NEWLINE


def unified_diff(name: str, before: bytes, after: bytes) -> bytes:
    """The patch that turns ``before`` into ``after`` for file ``name``
    (``a/``, ``b/`` prefixes for a relative name, as git writes them);
    empty when they are equal."""
    if before == after:
        return b""
    old_lines, new_lines = patch_lines(before), patch_lines(after)
    if name.startswith(("/", "-")):
        old_name, new_name = show_path(name), show_path(name)
    else:
        old_name, new_name = show_path(f"a/{name}"), show_path(f"b/{name}")
    out = [
        f"--- {old_name}\n".encode("utf-8", "surrogateescape"),
        f"+++ {new_name}\n".encode("utf-8", "surrogateescape"),
    ]
    import difflib  # only when a diff is asked for

    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        first, last = group[0], group[-1]
        old_range = _range(first[1], last[2] - first[1])
        new_range = _range(first[3], last[4] - first[3])
        out.append(f"@@ -{old_range} +{new_range} @@\n".encode())
        for tag, old_start, old_end, new_start, new_end in group:
            if tag == "equal":
                for line in old_lines[old_start:old_end]:
                    out.extend(_line(b" ", line))
                continue
            for line in old_lines[old_start:old_end]:
                out.extend(_line(b"-", line))
            for line in new_lines[new_start:new_end]:
                out.extend(_line(b"+", line))
    return b"".join(out)
