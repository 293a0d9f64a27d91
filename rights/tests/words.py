"""Words the tests of the rights table and the map of duties look for in the texts: who a text
speaks to, and whether a nynorsk text is nynorsk."""

from __future__ import annotations

import re

# Words that speak to the reader: the child's voice uses them, a professional's never does.
SECOND_PERSON_NB = re.compile(r"\b(du|deg|din|dine|ditt|dere)\b", re.IGNORECASE)
SECOND_PERSON_EN = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)

# Words only bokmål writes: a nynorsk text with them is bokmål left in, or not nynorsk at all.
BOKMAL_ONLY = re.compile(
    r"\b(ikke|jeg|hva|hvor|hvis|hvordan|noe|noen|foreldrene|mener|fra|også|være|hjem)\b",
    re.IGNORECASE,
)
