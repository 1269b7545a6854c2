"""A PDF is rendered without fetching anything: no file, no network."""

import socket

from bloem.privacy.documents import html_to_pdf


def test_a_url_in_the_html_is_never_fetched(monkeypatch, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    pdf = html_to_pdf(
        f'<link rel="stylesheet" href="file://{secret}">'
        '<img src="http://127.0.0.1:9/tracker.png"><p>Geheime Gracht</p>'
    )
    assert pdf.startswith(b"%PDF")
