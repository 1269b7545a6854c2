"""The Observatory scorer of tests/observatory.py grades known header sets as the
Observatory does, so that an A+ from test_security_headers.py means something."""

from http.cookies import SimpleCookie

from .observatory import Page, grade

GOOD = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Type": "text/html; charset=utf-8",
}
BODY = '<html><head><script src="/static/app.js" defer></script></head></html>'


def page(headers=GOOD, *, body=BODY, cookies="", http_status=301,
         http_location="https://bloem.example.nl/", url="https://bloem.example.nl/", cors=None):
    jar = SimpleCookie()
    jar.load(cookies)
    return Page(url=url, headers=dict(headers), body=body, cookies=list(jar.values()),
                http_status=http_status, http_location=http_location,
                cors_headers=cors or {})


def test_a_site_with_good_headers_gets_a_plus():
    report = grade(page())
    assert report.grade == "A+" and report.score == 115, report
    assert report.results["content-security-policy"] == "csp-implemented-with-no-unsafe"
    assert report.results["x-frame-options"] == "x-frame-options-implemented-via-csp"


def test_a_site_without_headers_fails():
    report = grade(page({"Content-Type": "text/html"}, http_status=200, http_location=""))
    # -25 CSP, -20 HSTS, -20 redirection, -5 nosniff, -20 framing
    assert report.score == 10 and report.grade == "F", report


def test_unsafe_inline_scripts_and_a_short_hsts_cost_an_a_plus():
    headers = {**GOOD,
               "Content-Security-Policy": "default-src 'self'; script-src 'self' "
               "'unsafe-inline'; frame-ancestors 'none'",
               "Strict-Transport-Security": "max-age=86400"}
    report = grade(page(headers))
    assert report.results["content-security-policy"] == "csp-implemented-with-unsafe-inline"
    assert report.results["strict-transport-security"] == (
        "hsts-implemented-max-age-less-than-six-months")
    assert report.score == 70 and report.grade == "B", report  # no bonuses below 90


def test_a_nonce_cancels_unsafe_inline():
    headers = {**GOOD, "Content-Security-Policy": "default-src 'none'; script-src 'self' "
               "'nonce-abc' 'unsafe-inline'; frame-ancestors 'none'"}
    assert grade(page(headers)).results["content-security-policy"] == (
        "csp-implemented-with-no-unsafe-default-src-none")


def test_cookies_are_graded_by_their_flags():
    good = "sessionid=x; Secure; HttpOnly; SameSite=Lax; Path=/"
    assert grade(page(cookies=good)).results["cookies"] == (
        "cookies-secure-with-httponly-sessions-and-samesite")
    assert grade(page(cookies="sessionid=x; HttpOnly; SameSite=Lax")).results["cookies"] == (
        "cookies-session-without-secure-flag-but-protected-by-hsts")
    headers = {k: v for k, v in GOOD.items() if k != "Strict-Transport-Security"}
    assert grade(page(headers, cookies="sessionid=x; Secure")).results["cookies"] == (
        "cookies-session-without-httponly-flag")
    assert grade(page(cookies="csrftoken=x; Secure")).results["cookies"] == (
        "cookies-anticsrf-without-samesite-flag")


def test_external_scripts_need_integrity_and_cors_must_not_reflect_with_credentials():
    body = '<script src="https://cdn.example.com/x.js"></script>'
    assert grade(page(body=body)).results["subresource-integrity"] == (
        "sri-not-implemented-but-external-scripts-loaded-securely")
    body = '<script src="https://cdn.example.com/x.js" integrity="sha384-x"></script>'
    assert grade(page(body=body)).results["subresource-integrity"] == (
        "sri-implemented-and-external-scripts-loaded-securely")
    cors = {"Access-Control-Allow-Origin": "https://observatory.example",
            "Access-Control-Allow-Credentials": "true"}
    assert grade(page(cors=cors)).results["cross-origin-resource-sharing"] == (
        "cross-origin-resource-sharing-implemented-with-universal-access")


def test_redirection_must_go_to_https_on_the_same_host():
    assert grade(page(http_location="https://elsewhere.example/")).results["redirection"] == (
        "redirection-off-host-from-http")
    assert grade(page(http_location="http://bloem.example.nl/x")).results["redirection"] == (
        "redirection-not-to-https-on-initial-redirection")
