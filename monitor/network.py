"""The network boundary: which addresses a capture may connect to.

A declaration is untrusted input. Without a boundary, one pointing at
``http://127.0.0.1:8080/admin`` (or a public page redirecting to ``169.254.169.254``, the cloud
metadata service) would be fetched and, once its text changed, published. So by default a
capture connects only to public addresses; everything else is refused with a recorded
``blocked_address`` error. `is_public_address` is the one place that decides what "public"
means; `AddressPolicy` adds the operator's opt-ins; the Scrapy parts that enforce it at every
step (DNS, each request, each response and redirect hop, the browser) are in
`spiders.boundary`.

Opt-ins, for crawling one's own intranet, the demo or the tests:

* ``TERMSWATCH_ALLOW_PRIVATE_NETWORKS=1`` in the environment, or ``crawl.allow_private_networks
  = true`` in the config (the Scrapy setting of the same name): every address is allowed;
* the Scrapy setting ``TERMSWATCH_ALLOWED_NETWORKS`` (a list such as ``["10.1.2.0/24"]``):
  only those networks are allowed besides the public ones.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from typing import Iterable, Union

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

ALLOW_PRIVATE_ENV = "TERMSWATCH_ALLOW_PRIVATE_NETWORKS"
ALLOW_PRIVATE_SETTING = "TERMSWATCH_ALLOW_PRIVATE_NETWORKS"
ALLOWED_NETWORKS_SETTING = "TERMSWATCH_ALLOWED_NETWORKS"

# RFC 6052's well-known NAT64 prefix: the last 32 bits are an IPv4 address
NAT64 = ipaddress.ip_network("64:ff9b::/96")
SHARED = ipaddress.ip_network("100.64.0.0/10")   # RFC 6598 carrier-grade NAT
UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")  # RFC 4193, IPv6's private networks


class NetworkConfigError(ValueError):
    """An opt-in that cannot be understood (the env var or the allowed-networks setting)."""


def as_address(address: str | IPAddress) -> IPAddress:
    """An `ipaddress` object for a string such as ``"127.0.0.1"``, ``"::1"`` or ``"fe80::1%eth0"``."""
    if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return address
    return ipaddress.ip_address(str(address).strip("[]").split("%", 1)[0])


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (IPv4-mapped, 6to4, NAT64, Teredo client),
    which is where a connection to it really goes."""
    if ip.version == 4:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.teredo:
        return ip.teredo[1]
    return None


def address_kind(address: str | IPAddress) -> str | None:
    """Why an address is not public ("loopback", "private", ...), or None when it is public."""
    ip = as_address(address)
    inner = embedded_ipv4(ip)
    if inner is not None:
        return address_kind(inner)
    checks = (
        ("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast), ("shared (carrier-grade NAT)", ip.version == 4 and ip in SHARED),
        ("site-local", ip.version == 6 and ip.is_site_local),
        ("unique-local", ip.version == 6 and ip in UNIQUE_LOCAL),
        ("reserved", ip.is_reserved), ("private", ip.is_private), ("non-global", not ip.is_global),
    )
    return next((kind for kind, matches in checks if matches), None)


def is_loopback_host(host: str | None) -> bool:
    """``localhost`` or a loopback address as written (for URLs of the operator's own services,
    which may be plain http on this machine only)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def is_public_address(address: str | IPAddress) -> bool:
    """Is this an address on the public internet, one a capture may connect to by default?

    Refused: loopback, private (RFC 1918, IPv6 unique-local), link-local (cloud metadata at
    169.254.169.254 included), shared 100.64/10, multicast, unspecified, reserved and
    documentation ranges, and IPv6 forms that embed such an IPv4 address (``::ffff:127.0.0.1``).

    >>> is_public_address("93.184.216.34"), is_public_address("::ffff:127.0.0.1")
    (True, False)
    """
    return address_kind(address) is None


def parse_flag(value: object, where: str) -> bool:
    """An on/off opt-in: true/false, or the strings 1/0, true/false, yes/no, on/off ("" is off)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise NetworkConfigError(f"{where}: expected 1 or 0, got {str(value)[:40]!r}")


def parse_networks(values: Iterable[str] | str, where: str) -> tuple[IPNetwork, ...]:
    """``["10.0.0.0/8", "127.0.0.1"]`` (or one comma-separated string) as networks."""
    if isinstance(values, str):
        values = [part for part in values.split(",") if part.strip()]
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise NetworkConfigError(f"{where}: not an IP network: {str(value)[:60]!r}")
    return tuple(networks)


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses a crawl may connect to: the public ones, plus what the operator allowed."""

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls, settings, environ=None) -> "AddressPolicy":
        """From Scrapy settings (or any mapping) and the environment; the env var adds to them."""
        environ = os.environ if environ is None else environ
        allow = parse_flag(settings.get(ALLOW_PRIVATE_SETTING, False), ALLOW_PRIVATE_SETTING) \
            or parse_flag(environ.get(ALLOW_PRIVATE_ENV, ""), ALLOW_PRIVATE_ENV)
        networks = parse_networks(settings.get(ALLOWED_NETWORKS_SETTING) or (), ALLOWED_NETWORKS_SETTING)
        return cls(allow, networks)

    def permits(self, address: str | IPAddress) -> bool:
        if self.allow_private or is_public_address(address):
            return True
        ip = as_address(address)
        ip = ip.ipv4_mapped or ip if ip.version == 6 else ip
        return any(ip in network for network in self.allowed_networks if network.version == ip.version)

    def refusal(self, address: str | IPAddress, host: str | None = None) -> str | None:
        """One line naming the host, its address and why it is refused; None when allowed."""
        if self.permits(address):
            return None
        kind = f"a {address_kind(address)} address, not a public one"
        if host and host.strip("[]") != str(address):
            return f"{host} resolves to {address}, {kind}"
        return f"{address} is {kind}"
