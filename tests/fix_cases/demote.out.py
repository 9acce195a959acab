# An f-string left without a replacement field becomes a plain string: the f
# is dropped (other prefix letters keep their case) and doubled braces undoubled.
import re

re.compile(r"\d{6}")
re.compile("\\d{2}-\\d{4}")
re.compile(R"[0-9]{2,}")
re.compile(R"\w{3}")
re.compile("\\s{1}")
re.compile(r'''\d{6}''')
re.compile((r"\d{4}"))
re.compile(r"^" r"\d{6}" r"$")
re.compile(r"\d{6}" rf"{__name__}")
re.compile(r"\d{6}{literal}")
