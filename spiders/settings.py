"""Scrapy settings for Termswatch: politeness lives here, not in code.

`monitor.capture` starts from these and applies overrides from the config file
(``[crawl.settings]`` in termswatch.toml) or the command line (``--set NAME=VALUE``).
"""

from monitor import __version__
from monitor.extract import DEFAULT_MAX_BYTES

BOT_NAME = "termswatch"
SPIDER_MODULES = ["spiders.documents"]
NEWSPIDER_MODULE = "spiders"

# Say who we are; site owners can reach us and allow or block us by name.
USER_AGENT = f"Termswatch/{__version__} (terms-of-service monitor; +https://github.com/termswatch/termswatch)"
ROBOTSTXT_OBEY = True

# Politeness: few parallel requests per site, a pause between them, adapting to the server.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5        # each pause varies by ±50%
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Failures: give up in bounded time; retry transient errors with exponential backoff.
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 10
DOWNLOAD_MAXSIZE = DEFAULT_MAX_BYTES
DOWNLOAD_WARNSIZE = DEFAULT_MAX_BYTES // 2

DOWNLOADER_MIDDLEWARES = {
    # just before the downloader, after RetryMiddleware has re-queued a request
    "spiders.middlewares.RetryBackoffMiddleware": 950,
    # last before the network, first to see each response (each redirect hop included)
    "spiders.boundary.NetworkBoundaryMiddleware": 960,
}
ITEM_PIPELINES = {
    "spiders.pipelines.RecordFailurePipeline": 100,
    "spiders.pipelines.StoreSnapshotsPipeline": 200,
    "spiders.pipelines.ExtractTextPipeline": 300,
    "spiders.pipelines.RecordVersionPipeline": 400,
    "spiders.pipelines.CaptureReportPipeline": 900,
}

# Terms pages are fetched fresh; conditional requests (ETag / Last-Modified) save the bytes.
# Each response yields one item or one request: Scrapy's default of 100 parallel item
# workers per response costs ~2 ms of asyncio task churn per page for nothing.
CONCURRENT_ITEMS = 1
# Scrapy re-parses each callback's source per response to warn about generator return
# values (its cache misses on bound methods): ~1 ms a page. Our callbacks are tested.
WARN_ON_GENERATOR_RETURN_VALUE = False

COOKIES_ENABLED = False
HTTPCACHE_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

# Pages declared with executeClientScripts are rendered in a headless Chromium (through
# scrapy-playwright) before extraction, as Open Terms Archive does. TERMSWATCH_BROWSER:
# "auto" finds chromium, chromium-browser or google-chrome on PATH; a path names the
# executable; "" never starts a browser (such pages are then fetched as static HTML, with a
# warning). A rendered page is taken once its `select` is in the DOM, waiting at most
# TERMSWATCH_BROWSER_WAIT seconds; a page whose selector never appears is a recorded error.
TERMSWATCH_BROWSER = "auto"
# (Chromium keeps its sandbox, which matters for untrusted pages; it cannot run one as root,
# so a crawl running as root adds --no-sandbox and says so: run Termswatch as its own user.)
TERMSWATCH_BROWSER_ARGS = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run"]
TERMSWATCH_BROWSER_WAIT = 15

# The network boundary (docs/operations.md): captures connect only to public addresses. Host
# names are checked as they resolve; IP literals, redirects and the browser in spiders.boundary.
TWISTED_DNS_RESOLVER = "spiders.boundary.GuardedResolver"
TERMSWATCH_ALLOW_PRIVATE_NETWORKS = False   # True (or env TERMSWATCH_ALLOW_PRIVATE_NETWORKS=1): any address
TERMSWATCH_ALLOWED_NETWORKS = []            # e.g. ["10.1.2.0/24"]: these besides the public ones

# Termswatch's own settings
TERMSWATCH_DATABASE = None          # path of the SQLite store (set by monitor.capture)
TERMSWATCH_REPORT = None            # where to write the crawl report (JSON)
TERMSWATCH_TOTAL = 0                # documents in this crawl, for progress lines
TERMSWATCH_TRACKING_PARAMS = []     # extra query parameters to strip from links
# Extraction budget per document (monitor.extract.budget): past the time, the worker process
# extracting it is killed (error extraction_timeout); text past the cap is too_large. The
# crawl goes on with the other documents; `termswatch reextract` obeys the same limits.
TERMSWATCH_EXTRACT_TIMEOUT = 20.0           # seconds (a typical page takes ~3 ms)
TERMSWATCH_EXTRACT_MAX_CHARS = 2_000_000    # characters (the longest terms in the OTA corpus: ~260,000)
TERMSWATCH_EXTRACT_WORKERS = 2              # extraction processes
