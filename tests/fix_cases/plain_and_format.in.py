# FSR003: a regex that lost its f keeps doubled braces; they are undoubled.
# FSR004: a str.format() template needs doubled braces; they are doubled.
import re

key = "k"
re.compile(r"\d{{6}}-\w{{ 2 , 3 }}")
re.compile(r"(\d{{4,}})" r"{{\s*(\w+)\s*}}")
re.compile(r"{}_(\d{6})_(\d{2,4})".format(key))
re.compile(r"{0}_(\d{1})".format(key))
re.compile("{}-\\d{ 3 , }".format(key))
