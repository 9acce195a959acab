"""FSR001 and FSR002: a quantifier written in an f-string, where ``{6}``
is a replacement field inserting ``6`` and ``{2,4}`` one inserting
``(2, 4)``.

- text: a quantifier-shaped field where an f-string may be open;
- ast: an integer or integer-tuple field in a ``JoinedStr`` that may be a
  regex (or follows regex-only syntax);
- libcst: the same on the exact literal, with its edit (double the braces).
"""

from __future__ import annotations

from flake8_fstring_regex.rules.base import Code, Family
from flake8_fstring_regex.rules.fstring_fields import gates

FSR001 = Code(
    "FSR001",
    "integer replacement field in an f-string regex",
    "'{field}' in {string} inserts '{inserted}', not a regex quantifier; write '{fix}'",
)
FSR002 = Code(
    "FSR002",
    "tuple replacement field in an f-string (a swallowed {m,n})",
    "'{field}' in {string} inserts '{inserted}', not a regex quantifier; write '{fix}'",
)

FAMILY = Family(
    codes=(FSR001, FSR002),
    text_candidates=gates.text_candidates,
    needs_regex_place=False,
    screen=gates.screen,
    screened=("JoinedStr",),
    detector="flake8_fstring_regex.rules.fstring_fields.detect",
)
