# A finding under "# noqa" is neither reported nor fixed; other findings are.
import re

key = "k"
re.compile(rf"{key}\d{6}")  # noqa: FSR001
re.compile(rf"{key}\d{6}")  # noqa
re.compile(rf"{key}\d{6}")  # noqa: E501
re.compile(rf"{key}\d{2,3}\d{6}")  # noqa: FSR002
re.compile(
    rf"""{key}
    \d{6}
    """  # noqa: FSR001
)
