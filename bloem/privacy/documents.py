"""HTML to PDF with WeasyPrint, fetching nothing: the document is self-contained (its
style inline), and a URL that slipped into a note can never make the server fetch it.

WeasyPrint is imported on first use: the import is slow and logs its stylesheet parsing,
which every other request and command can do without."""


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"fetching {url[:40]!r} is not allowed in a Bloem document")

    return HTML(string=html, url_fetcher=NoFetching()).write_pdf()
