# An f-string left without a replacement field becomes a plain string: the f
# is dropped (other prefix letters keep their case) and doubled braces undoubled.
import re

re.compile(rf"\d{6}")
re.compile(f"\\d{{2}}-\\d{4}")
re.compile(Rf"[0-9]{2,}")
re.compile(fR"\w{3}")
re.compile(F"\\s{1}")
re.compile(rf'''\d{6}''')
re.compile((rf"\d{4}"))
re.compile(r"^" rf"\d{6}" r"$")
re.compile(rf"\d{6}" rf"{__name__}")
re.compile(rf"\d{6}{{literal}}")
