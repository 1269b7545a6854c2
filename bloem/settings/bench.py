"""Benchmark settings (`make bench`, bench/): the demo settings plus a trivial view to
measure the framework's own floor against, and an API rate high enough for the hundreds
of requests a measurement makes. Never used in production."""

import os

os.environ.setdefault("BLOEM_API_RATE", "1000000/minute")

from .dev import *  # noqa: E402,F403

ROOT_URLCONF = "bloem.bench_urls"
