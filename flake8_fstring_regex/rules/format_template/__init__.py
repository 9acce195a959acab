"""FSR004: a quantifier written with single braces in a str.format() regex
template, where ``{6}`` is a replacement field (an error, or the wrong
argument, at run time).

- text: a quantifier-shaped field followed closely by a ``.format`` call
  that may leave it a quantifier, in a file where some call may take a regex;
- ast: a ``"...".format(...)`` call whose template has such a field;
- libcst: the same on a template that reaches a regex place.
"""

from __future__ import annotations

from flake8_fstring_regex.rules.base import Code, Family
from flake8_fstring_regex.rules.format_template import gates

FSR004 = Code(
    "FSR004",
    "single-brace quantifier in a str.format() regex template",
    "'{field}' in a str.format() regex template is a replacement field "
    "(an error at run time), not a regex quantifier; write '{fix}'",
)

FAMILY = Family(
    codes=(FSR004,),
    text_candidates=gates.text_candidates,
    needs_regex_place=True,
    screen=gates.screen,
    screened=("Call",),
    detector="flake8_fstring_regex.rules.format_template.detect",
)
