"""Find monthly report files such as ``sales_202401_202406.xlsx``.

This example carries the bug flake8-fstring-regex exists for: inside an
f-string ``{6}`` is a replacement field that inserts the text ``6``, so the
first pattern is ``sales_(\\d6)_(\\d6)\\.xlsx`` and never matches a real name.
Run ``flake8 --select=FSR examples/report_files.py`` to see the findings, and
``flake8-fstring-regex --diff examples/report_files.py`` to see the fix.
"""

import re

file_key = "sales"

# FSR001 twice: {6} inserts '6'.
pattern_a = re.compile(rf"{file_key}_(\d{6})_(\d{6})\.xlsx")

# Correct: doubled braces reach the regex as {6}.
pattern_b = re.compile(rf"{file_key}_(\d{{6}})_(\d{{6}})\.xlsx")

# FSR002: {2,4} inserts '(2, 4)', a new capture group that shifts group numbers.
version = re.compile(rf"{file_key}-v(\d{2,4})")

if __name__ == "__main__":
    name = "sales_202401_202406.xlsx"
    print("pattern_a matches:", bool(pattern_a.fullmatch(name)))
    print("pattern_b matches:", bool(pattern_b.fullmatch(name)))
