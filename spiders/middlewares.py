"""Downloader middlewares."""

from __future__ import annotations

import asyncio
import random

from scrapy import Request


class RetryBackoffMiddleware:
    """Waits before each retry: base * 2^(attempt-1) seconds, capped, with jitter.

    Scrapy's RetryMiddleware re-queues failed requests at once; a struggling server deserves
    a pause. Settings: RETRY_BACKOFF_BASE (seconds, 0 disables) and RETRY_BACKOFF_MAX.
    """

    def __init__(self, base: float, cap: float):
        self.base, self.cap = base, cap

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.getfloat("RETRY_BACKOFF_BASE", 2.0), settings.getfloat("RETRY_BACKOFF_MAX", 60.0))

    async def process_request(self, request: Request, spider=None):
        attempt = request.meta.get("retry_times", 0)
        if attempt and self.base > 0:
            delay = min(self.cap, self.base * 2 ** (attempt - 1))
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
        return None
