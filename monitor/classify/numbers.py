"""Numbers written in words, as terms write periods ("four years", "thirty (30) days",
"twenty-four months"): one table and one reading for every pattern that reads a period."""

from __future__ import annotations

UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS = {word: n for n, word in enumerate(UNITS)} | TENS
# Any number from zero to ninety-nine in words, as a regular expression (longest first).
IN_WORDS = (r"(?:" + "|".join(TENS) + r")(?:-(?:" + "|".join(UNITS[1:10]) + r"))?|"
            + "|".join(sorted(UNITS, key=len, reverse=True)))


def number(figure: str) -> int:
    """A number in figures or in words.

    >>> number("twenty-four"), number("4"), number("Ten"), number("forty-five")
    (24, 4, 10, 45)
    """
    if figure.isdigit():
        return int(figure)
    return sum(NUMBER_WORDS[part] for part in figure.lower().split("-"))
