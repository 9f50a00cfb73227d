"""Email addresses: one canonical spelling per mailbox, and nothing that could smuggle a header.

>>> normalise_address("  Alice.Smith@Example.ORG ")
'alice.smith@example.org'
>>> normalise_address("bob@bücher.example")
'bob@xn--bcher-kva.example'
>>> normalise_address("eve@example.org\\r\\nBcc: victim@example.org")
Traceback (most recent call last):
...
monitor.alerts.addresses.AddressError: 'eve@example.org\\r\\nBcc: victim@example.org' is not an email address (a single address such as name@example.org)
"""

from __future__ import annotations

import re

# RFC 5321 dot-atom local part (ASCII; quoted local parts are not accepted) and host names.
LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
DOMAIN_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


class AddressError(ValueError):
    pass


def normalise_address(address: str) -> str:
    """The address in lower case with an ASCII (IDNA) domain, or `AddressError`.

    Lower case everywhere, so re-subscribing ``Alice@…`` finds ``alice@…``: in practice no
    mail provider treats local parts as case-sensitive.
    """
    bad = AddressError(f"{address!r} is not an email address (a single address such as name@example.org)")
    if not isinstance(address, str):
        raise bad
    candidate = address.strip()
    local, at, domain = candidate.rpartition("@")
    if not at or not LOCAL_PART.match(local) or len(candidate) > 254:
        raise bad
    try:
        domain = domain.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise bad from None
    labels = domain.split(".")
    if not all(DOMAIN_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise bad
    return f"{local.lower()}@{domain}"
