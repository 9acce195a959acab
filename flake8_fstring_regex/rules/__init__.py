"""Every rule family, registered once; the gates and the detector iterate
over ``FAMILIES``. A retired code is never reused: new codes go at the end.

To add a family: a folder beside this file with ``__init__.py`` (codes and
``FAMILY``), ``gates.py`` (text and ``ast``) and ``detect.py`` (libcst), and
one line below. CONTRIBUTING.md lists the steps.
"""

from __future__ import annotations

from flake8_fstring_regex.rules import doubled_braces, format_template, fstring_fields
from flake8_fstring_regex.rules.base import Code, Family

FAMILIES: tuple[Family, ...] = (
    fstring_fields.FAMILY,
    doubled_braces.FAMILY,
    format_template.FAMILY,
)

CODES: dict[str, Code] = {code.code: code for family in FAMILIES for code in family.codes}
