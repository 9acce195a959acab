"""What the import statements of a text may bind, read from the text alone
(the ``ast`` screen and FSR004's text gate ask which calls may take a regex,
before or without a tree).

Every ``import`` word is read as the start of an import's names, to the
statement's end: across a parenthesised list, backslash continuations and
comments, stopping at anything an import cannot hold (so ``import`` in a
string or a comment costs little). A statement that cannot be read within
a few thousand characters makes the answer "any name": never fewer names
than Python binds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from flake8_fstring_regex.source import after_word_character, ast_name

# "import" as a word (the character before it is checked after matching).
_IMPORT = re.compile(r"import(?!\w)")
# What separates the names of an import statement.
_SEPARATORS = re.compile(r"[\s,.()*\\]+")
# How much of one statement is read before it is "unreadable".
_MOST_CHARACTERS = 4096
# What an import statement's names may hold besides identifiers (any
# non-ASCII character may be part of one: ·, combining marks, ...).
_IMPORT_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \t\f.,*"
)


class Imported(NamedTuple):
    """``words``: every name an import statement holds (NFKC-normalised, as
    ``ast`` gives names); ``aliases``: the names after ``as`` (normalised),
    and ``alias_spellings`` as the text writes them; ``anything``: some
    statement could not be read, so any name may be bound."""

    words: frozenset[str]
    aliases: frozenset[str]
    alias_spellings: frozenset[str]
    anything: bool


@lru_cache(maxsize=1)
def imported(source: str) -> Imported:
    """What the import statements of ``source`` may bind (once per source)."""
    words: set[str] = set()
    aliases: set[str] = set()
    spellings: set[str] = set()
    for match in _IMPORT.finditer(source):
        if after_word_character(source, match.start()):
            continue  # part of a longer name (reimport)
        names = _names_after(source, match.end())
        if names is None:
            return Imported(frozenset(words), frozenset(aliases), frozenset(spellings), True)
        tokens = [token for token in _SEPARATORS.split(names) if token]
        for index, token in enumerate(tokens):
            words.add(ast_name(token))
            if index and tokens[index - 1] == "as":
                aliases.add(ast_name(token))
                spellings.add(token)
    return Imported(frozenset(words), frozenset(aliases), frozenset(spellings), False)


def _names_after(source: str, at: int) -> Optional[str]:
    """The text of the names an import statement holds after its ``import``
    word at ``at`` (comments and line continuations left out), up to the
    statement's end or the first character no import holds; None when
    that takes more than a few thousand characters."""
    kept: list[str] = []
    in_list = False
    index, length = at, len(source)
    limit = at + _MOST_CHARACTERS
    while index < length:
        if index >= limit:
            return None
        character = source[index]
        if character == "\\" and source[index + 1 : index + 2] in ("\n", "\r"):
            index += 3 if source[index + 1 : index + 3] == "\r\n" else 2
            kept.append(" ")
        elif character == "#":
            end = _line_end(source, index)
            if not in_list:
                break
            index = end
        elif character in "\r\n":
            if not in_list:
                break
            kept.append(" ")
            index += 1
        elif character == "(":
            if in_list or kept and kept[-1].strip():
                break  # a second "(", or "(" after a name: no import's
            in_list = True
            kept.append(" ")
            index += 1
        elif character == ")":
            break
        elif character in _IMPORT_CHARACTERS or not character.isascii():
            kept.append(character)
            index += 1
        else:
            break  # ";", "=", a quote...: the statement (or the import) ends
    return "".join(kept)


_LINE_BREAK = re.compile(r"[\r\n]")


def _line_end(source: str, at: int) -> int:
    """The offset of the line break ending the line that holds ``at``."""
    found = _LINE_BREAK.search(source, at)
    return found.start() if found is not None else len(source)
