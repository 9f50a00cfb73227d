"""Enforcing the network boundary (`monitor.network`) at every step of a crawl.

* `GuardedResolver` (setting TWISTED_DNS_RESOLVER): every host name Scrapy connects to is
  resolved here, and a name resolving to a refused address fails before any connection
  (the check runs on cached answers too, so a name cannot be "rebound" later).
* `NetworkBoundaryMiddleware` (a downloader middleware next to the downloader): before a
  request is sent, refuses IP-literal hosts (which skip DNS), names the resolver refuses (so
  the error says why: Twisted itself would only say "no results") and non-http(s) URLs; then
  checks every response, each redirect hop included, for the address actually connected to
  (``response.ip_address``) and for a redirect to a scheme other than http(s).
* `BrowserRequestGuard` (scrapy-playwright's PLAYWRIGHT_ABORT_REQUEST): aborts the browser's
  own requests (the page's scripts, frames, fetches) to hosts that resolve to refused addresses;
  what it cannot see (redirect hops) meets `spiders.browser_proxy.BrowserProxy`.

A refusal raises `BlockedAddress` or `UnsupportedRedirect`; the spider records it as a fetch
error of kind ``blocked_address`` / ``unsupported_redirect``, never as a version.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

from monitor.network import AddressPolicy, as_address

log = logging.getLogger("termswatch.capture")

WEB_SCHEMES = ("http", "https")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
# how Chromium reports the browser proxy's 403 to a navigation: plain http, https (CONNECT)
PROXY_REFUSAL_ERRORS = ("net::ERR_HTTP_RESPONSE_CODE_FAILURE", "net::ERR_TUNNEL_CONNECTION_FAILED")


class BlockedAddress(IgnoreRequest):
    """A request refused because its host is, or resolves to, a non-public address."""


class UnsupportedRedirect(IgnoreRequest):
    """A redirect to a scheme other than http(s) (file:, ftp:, javascript:, ...)."""


class RefusedResolution(DNSLookupError):
    """The resolver's refusal: to Twisted's connection code, a name that did not resolve."""


def _ip_literal(host: str):
    try:
        return as_address(host)
    except ValueError:
        return None


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to addresses the policy refuses."""

    def __init__(self, reactor, cache_size: int, timeout: float, policy: AddressPolicy = AddressPolicy()):
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler, reactor):
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), AddressPolicy.from_settings(settings))

    def getHostByName(self, name, timeout=()):
        def check(address: str) -> str:
            reason = self.policy.refusal(address, name)
            if reason:
                raise RefusedResolution(reason)
            return address
        return super().getHostByName(name, timeout).addCallback(check)


class NetworkBoundaryMiddleware:
    def __init__(self, policy: AddressPolicy, browser_proxy=None):
        self.policy = policy
        self.browser_proxy = browser_proxy  # spiders.browser_proxy.BrowserProxy, when pages are rendered

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(AddressPolicy.from_settings(crawler.settings),
                         crawler.settings.get("TERMSWATCH_BROWSER_PROXY"))
        if middleware.browser_proxy is not None:
            crawler.signals.connect(middleware.browser_proxy.close, signal=signals.spider_closed)
        return middleware

    async def process_request(self, request, spider=None):
        parts = urlsplit(request.url)
        if parts.scheme not in WEB_SCHEMES:
            raise UnsupportedRedirect(f"{parts.scheme or 'a scheme-less'}: URLs are not fetched, only http(s)")
        host = parts.hostname or ""
        literal = _ip_literal(host)
        if literal is not None:
            reason = self.policy.refusal(literal)
            if reason:
                raise BlockedAddress(reason)
        elif not self.policy.allow_private:
            # Twisted hides a resolver's reasons ("no results"): ask it here, for ours
            from twisted.internet import reactor  # the crawl's, installed by then

            try:
                await maybe_deferred_to_future(reactor.resolver.getHostByName(host))
            except RefusedResolution as refusal:
                raise BlockedAddress(str(refusal))
            if request.meta.get("playwright"):
                # the browser resolves names itself (IPv6 too), past GuardedResolver
                await self._check_name(host)
        if request.meta.get("playwright") and self.browser_proxy is not None:
            await self.browser_proxy.ensure_started()
            request.meta["boundary_refusals_before"] = len(self.browser_proxy.refusal_log)
        return None

    async def process_response(self, request, response, spider=None):
        rendered = "playwright" in response.flags
        if rendered:
            self._raise_browser_refusal(request, response.url)
        # (a rendered page's address is the browser proxy's, which checked the real one)
        if response.ip_address is not None and not (rendered and self.browser_proxy is not None):
            reason = self.policy.refusal(response.ip_address, urlsplit(response.url).hostname)
            if reason:
                raise BlockedAddress(reason)
        if rendered and not self.policy.allow_private:
            # the browser followed redirects on its own: none of its hops may have been refused
            for url in request.meta.get("redirect_urls", ()):
                host = urlsplit(url).hostname or ""
                literal = _ip_literal(host)
                reason = self.policy.refusal(literal) if literal is not None else None
                if reason:
                    raise BlockedAddress(reason)
                if literal is None:
                    await self._check_name(host)
        if response.status in REDIRECT_STATUSES and response.headers.get("Location"):
            location = response.headers["Location"].decode("latin-1").strip()
            scheme = urlsplit(urljoin(response.url, location)).scheme.lower()
            if scheme not in WEB_SCHEMES:
                raise UnsupportedRedirect(
                    f"{response.url} redirects to a {scheme or 'scheme-less'}: URL, which is never "
                    f"fetched (only http and https are)")
        return response

    def process_exception(self, request, exception, spider=None):
        if request.meta.get("playwright") and self.browser_proxy is not None:
            self._raise_browser_refusal(request)
            # a refused hop fails the navigation with a net:: error that names only the first
            # URL: it was the proxy's if the proxy refused something while this page loaded
            since = self.browser_proxy.refusal_log[request.meta.get("boundary_refusals_before", 0):]
            if since and any(code in str(exception) for code in PROXY_REFUSAL_ERRORS):
                raise BlockedAddress(since[-1])
        return None

    def _raise_browser_refusal(self, request, final_url: str | None = None) -> None:
        """A rendered page whose navigation (or a redirect hop of it) the proxy refused."""
        if self.browser_proxy is None or not self.browser_proxy.refusals:
            return
        for url in (request.url, *request.meta.get("redirect_urls", ()), *([final_url] if final_url else [])):
            reason = self.browser_proxy.refusals.get((urlsplit(url).hostname or "").lower())
            if reason:
                raise BlockedAddress(reason)

    async def _check_name(self, host: str) -> None:
        for address in await resolve_all(host):
            reason = self.policy.refusal(address, host)
            if reason:
                raise BlockedAddress(reason)


async def resolve_all(host: str) -> set[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6); none when it does not resolve."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return set()
    return {info[4][0] for info in infos}


class BrowserRequestGuard:
    """PLAYWRIGHT_ABORT_REQUEST: abort the browser's requests for media (they carry no terms)
    and those to hosts the policy refuses."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    async def __call__(self, request) -> bool:
        if request.resource_type in ("image", "media", "font"):
            return True
        parts = urlsplit(request.url)
        if parts.scheme not in WEB_SCHEMES or self.policy.allow_private:
            return False  # data:, blob: and about: stay inside the browser
        host = parts.hostname or ""
        literal = _ip_literal(host)
        addresses = {literal} if literal is not None else await resolve_all(host)
        refused = [a for a in addresses if not self.policy.permits(a)]
        if refused:
            log.warning("the browser was kept from fetching %s: %s", request.url[:200],
                        self.policy.refusal(refused[0], host))
        return bool(refused)
