"""The scoring rules of the Mozilla (MDN) HTTP Observatory, applied to Django test
responses (tests/test_security_headers.py). Written from the Observatory's published
methodology ("Tests & Scoring") and its analyzer (mdn/mdn-http-observatory, src/analyzer):

- every scan starts at 100; penalties are subtracted; bonuses count only when the score
  without them is at least 90; 100 or more is an A+;
- ten tests: CSP, cookies, CORS, redirection, Referrer-Policy, HSTS, SRI,
  X-Content-Type-Options, X-Frame-Options, Cross-Origin-Resource-Policy.

Where the published table and the analyzer disagree (CORP), the stricter value is used, and
no bonus is given for CORP. HSTS preloading (+5) needs the browsers' preload list, which a
test cannot see: it is never awarded here. The CSP of a <meta> tag is not read (Bloem sends
its policy as a header)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import Morsel
from urllib.parse import urlsplit

MODIFIERS = {
    # Content-Security-Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-not-found": 0,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-missing": -20,
    "redirection-not-to-https": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    # Subresource integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy (no bonus; the stricter of the published penalties)
    "corp-implemented-with-same-origin": 0,
    "corp-implemented-with-same-site": 0,
    "corp-not-implemented": 0,
    "corp-implemented-with-cross-origin": -20,
    "corp-header-invalid": -20,
}
GRADES = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"),
          (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F")]
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
SIX_MONTHS = 15_552_000  # the analyzer's threshold ("a white lie" for 15768000)
BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
PRIVATE_REFERRERS = {"no-referrer", "same-origin", "strict-origin",
                     "strict-origin-when-cross-origin"}
UNSAFE_REFERRERS = {"origin", "origin-when-cross-origin", "unsafe-url",
                    "no-referrer-when-downgrade"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass
class Page:
    """What the Observatory fetches for one URL."""

    url: str  # the https URL
    headers: dict[str, str]  # of the final https response (after redirects)
    body: str
    cookies: list[Morsel] = field(default_factory=list)  # every cookie set on the way
    http_status: int | None = None  # the answer to the same URL over plain http
    http_location: str = ""
    cors_headers: dict[str, str] = field(default_factory=dict)  # answer with an Origin
    cors_origin: str = "https://observatory.example"


@dataclass
class Report:
    results: dict[str, str]  # test → result
    score: int
    grade: str

    @property
    def penalties(self) -> dict[str, str]:
        return {test: result for test, result in self.results.items()
                if MODIFIERS[result] < 0}

    def __str__(self) -> str:
        lines = [f"score {self.score} ({self.grade})"]
        lines += [f"  [{MODIFIERS[r]:+3d}] {t}: {r}" for t, r in self.results.items()]
        return "\n".join(lines)


def _header(headers: dict[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def parse_csp(value: str) -> dict[str, set[str]]:
    """Directive → sources; the first occurrence of a directive counts (CSP3 §2.2.1).
    Several policies (comma-separated) are merged as the analyzer does."""
    policy: dict[str, set[str]] = {}
    for part in value.split(","):
        for directive in part.split(";"):
            tokens = directive.strip().split()
            if not tokens:
                continue
            name = tokens[0].lower()
            if not name.replace("-", "").isalpha():
                raise ValueError(f"invalid directive {name!r}")
            sources = {t.lower() if t.startswith("'") else t for t in tokens[1:]}
            policy.setdefault(name, sources)
    return policy


def csp_test(page: Page) -> tuple[str, dict[str, set[str]]]:
    value = _header(page.headers, "Content-Security-Policy")
    if not value:
        return "csp-not-implemented", {}
    try:
        csp = parse_csp(value)
    except ValueError:
        return "csp-header-invalid", {}
    if not csp:
        return "csp-not-implemented", {}
    default = csp.get("default-src")
    script = set(csp.get("script-src") or default or {"*"})
    style = set(csp.get("style-src") or default or {"*"})
    objects = set(csp.get("object-src") or default or {"*"})
    for sources in (script, style):
        if any(s.startswith(NONCE_OR_HASH) for s in sources):
            sources.discard("'unsafe-inline'")
    if "'strict-dynamic'" in script:
        if not any(s.startswith(NONCE_OR_HASH) for s in script):
            return "csp-header-invalid", csp
        script = {s for s in script if s not in ("'self'", "'unsafe-inline'")
                  and not any(s.startswith(b) for b in BROAD)}
    active = [s for name, sources in csp.items() if name not in ("img-src", "media-src",
                                                                  "script-src")
              for s in sources] + list(script)
    passive = [s for name in ("img-src", "media-src")
               for s in (csp.get(name) or default or set())]
    https = page.url.startswith("https:")
    if script & (BROAD | UNSAFE_INLINE) or objects & BROAD:
        return "csp-implemented-with-unsafe-inline", csp
    if https and any(s.startswith(("http:", "ftp:")) for s in active):
        return "csp-implemented-with-insecure-scheme", csp
    if "'unsafe-eval'" in script | style:
        return "csp-implemented-with-unsafe-eval", csp
    if https and any(s.startswith(("http:", "ftp:")) for s in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", csp
    if style & (BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", csp
    if default == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", csp
    return "csp-implemented-with-no-unsafe", csp


def hsts_test(page: Page) -> str:
    if not page.url.startswith("https:"):
        return "hsts-not-implemented-no-https"
    value = _header(page.headers, "Strict-Transport-Security")
    if not value:
        return "hsts-not-implemented"
    if "," in value:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (p.strip().lower() for p in value.split(";")):
        if parameter.startswith("max-age="):
            try:
                max_age = int(parameter[8:].strip('"'))
            except ValueError:
                return "hsts-header-invalid"
    if max_age is None:
        return "hsts-header-invalid"
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


COOKIE_BADNESS = [  # from least to most bad, as the analyzer ranks them
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]


def cookies_test(page: Page, hsts_ok: bool) -> str:
    if not page.cookies:
        return "cookies-not-found"
    worst: str | None = None

    def worse(result: str) -> None:
        nonlocal worst
        if worst is None or COOKIE_BADNESS.index(result) > COOKIE_BADNESS.index(worst):
            worst = result

    missing_samesite = False
    for cookie in page.cookies:
        name = cookie.key.lower()
        session = "login" in name or "sess" in name
        anticsrf = "csrf" in name
        secure = bool(cookie["secure"])
        samesite = (cookie["samesite"] or "").strip().lower()
        if samesite and samesite not in ("lax", "strict", "none"):
            worse("cookies-samesite-flag-invalid")
        if samesite == "none" and not secure:
            worse("cookies-samesite-flag-invalid")
        if not secure:
            worse("cookies-without-secure-flag-but-protected-by-hsts" if hsts_ok
                  else "cookies-without-secure-flag")
        if anticsrf and not samesite:
            worse("cookies-anticsrf-without-samesite-flag")
        if session and not secure:
            worse("cookies-session-without-secure-flag-but-protected-by-hsts" if hsts_ok
                  else "cookies-session-without-secure-flag")
        if session and not cookie["httponly"]:
            worse("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    if worst:
        return worst
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions"
    return "cookies-secure-with-httponly-sessions-and-samesite"


def cors_test(page: Page) -> str:
    allow_origin = _header(page.cors_headers, "Access-Control-Allow-Origin")
    if not allow_origin:
        return "cross-origin-resource-sharing-not-implemented"
    credentials = (_header(page.cors_headers, "Access-Control-Allow-Credentials") or "")
    if allow_origin.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    if allow_origin.strip() == page.cors_origin and credentials.strip().lower() == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection_test(page: Page) -> str:
    if page.http_status is None:
        return "redirection-not-needed-no-http"
    if not 300 <= page.http_status < 400 or not page.http_location:
        return "redirection-missing"
    target = urlsplit(page.http_location)
    if target.scheme == "http":
        return "redirection-not-to-https-on-initial-redirection"
    if target.scheme != "https":
        return "redirection-not-to-https"
    if target.hostname != urlsplit(page.url).hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def referrer_test(page: Page) -> str:
    value = _header(page.headers, "Referrer-Policy")
    if not value:
        return "referrer-policy-not-implemented"
    known = [v.strip().lower() for v in value.split(",")
             if v.strip().lower() in PRIVATE_REFERRERS | UNSAFE_REFERRERS]
    if not known:
        return "referrer-policy-header-invalid"
    if known[-1] in PRIVATE_REFERRERS:
        return "referrer-policy-private"
    return "referrer-policy-unsafe"


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


SRI_BADNESS = [
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
]


def sri_test(page: Page) -> str:
    content_type = (_header(page.headers, "Content-Type") or "").split(";")[0].strip()
    if content_type and content_type not in HTML_TYPES:
        return "sri-not-implemented-response-not-html"
    parser = _Scripts()
    parser.feed(page.body)
    if not parser.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    host = urlsplit(page.url).hostname
    https = page.url.startswith("https:")
    result: str | None = None
    foreign = False
    for script in parser.scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = script.get("integrity")
        parts = urlsplit(src)
        relative_protocol = src.startswith("//")
        relative = not parts.scheme and not relative_protocol
        same_origin = relative or (parts.hostname == host and not relative_protocol)
        secure = parts.scheme == "https" or (relative and https)
        if same_origin:
            if integrity and secure and result is None:
                result = "sri-implemented-and-all-scripts-loaded-securely"
            continue
        foreign = True
        if integrity and not secure:
            candidate = "sri-implemented-but-external-scripts-not-loaded-securely"
        elif not integrity and secure:
            candidate = "sri-not-implemented-but-external-scripts-loaded-securely"
        elif not integrity:
            candidate = "sri-not-implemented-and-external-scripts-not-loaded-securely"
        else:
            continue
        if result is None or SRI_BADNESS.index(candidate) > SRI_BADNESS.index(result):
            result = candidate
    if result:
        return result
    if foreign:
        return "sri-implemented-and-external-scripts-loaded-securely"
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def xcto_test(page: Page) -> str:
    value = _header(page.headers, "X-Content-Type-Options")
    if not value:
        return "x-content-type-options-not-implemented"
    if value.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff"
    return "x-content-type-options-header-invalid"


def xfo_test(page: Page, csp: dict[str, set[str]]) -> str:
    if "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp"
    value = (_header(page.headers, "X-Frame-Options") or "").strip().lower()
    if not value:
        return "x-frame-options-not-implemented"
    if value in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def corp_test(page: Page) -> str:
    value = (_header(page.headers, "Cross-Origin-Resource-Policy") or "").strip().lower()
    return {
        "": "corp-not-implemented",
        "same-origin": "corp-implemented-with-same-origin",
        "same-site": "corp-implemented-with-same-site",
        "cross-origin": "corp-implemented-with-cross-origin",
    }.get(value, "corp-header-invalid")


def grade(page: Page) -> Report:
    csp_result, csp = csp_test(page)
    hsts_result = hsts_test(page)
    results = {
        "content-security-policy": csp_result,
        "cookies": cookies_test(page, hsts_result.startswith("hsts-implemented-max-age-at")),
        "cross-origin-resource-sharing": cors_test(page),
        "redirection": redirection_test(page),
        "referrer-policy": referrer_test(page),
        "strict-transport-security": hsts_result,
        "subresource-integrity": sri_test(page),
        "x-content-type-options": xcto_test(page),
        "x-frame-options": xfo_test(page, csp),
        "cross-origin-resource-policy": corp_test(page),
    }
    modifiers = [MODIFIERS[result] for result in results.values()]
    uncurved = 100 + sum(m for m in modifiers if m < 0)
    score = 100 + sum(modifiers) if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
    score = max(score, 0)
    letter = next(letter for floor, letter in GRADES if score >= floor)
    return Report(results, score, letter)
