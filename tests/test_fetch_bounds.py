"""Fetching is bounded against a hostile server on 127.0.0.1: bombs, drips, rebinding, credentials.

Every server here is real, started and stopped by its test, answers a bounded number of
requests, and its slow routes stop when the test ends.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import socket
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from index.errors import InputError
from index.ingest.fetch import FetchPolicy, fetch, is_public

from .httpserver import Routes, drip, running

ROOT = Path(__file__).resolve().parent.parent
LOCAL = frozenset({"127.0.0.1"})
GIB = 1 << 30
HTML = (
    b"<html><head><title>Kherson liberated</title></head><body><article>"
    b"<p>Ukrainian troops entered the city of Kherson on Friday after Russian forces withdrew across the river.</p>"
    b"<p>Residents greeted soldiers in the central square with flags and flowers.</p></article></body></html>"
)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """1 GiB of zeros, gzip-compressed (about 1 MB on the wire)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(16 << 20)
    parts = [compressor.compress(block) for _ in range(GIB // len(block))]
    return b"".join(parts) + compressor.flush()


def _fetch_rss_in_child(url: str) -> tuple[str, int, float]:
    """Fetch `url` in a fresh process: (error kind or 'ok', peak RSS in MB (VmHWM: this process only), seconds)."""
    script = (
        "import json, re, sys, time\n"
        "from index.errors import InputError\n"
        "from index.ingest.fetch import FetchPolicy, fetch\n"
        "start = time.monotonic()\n"
        "try:\n"
        "    fetch(sys.argv[1], FetchPolicy(timeout_s=20, allowed_private_hosts=frozenset({'127.0.0.1'})))\n"
        "    kind = 'ok'\n"
        "except InputError as exc:\n"
        "    kind = exc.kind\n"
        "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "print(json.dumps([kind, peak / 1024, time.monotonic() - start]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, url], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    kind, rss_mb, seconds = json.loads(done.stdout.strip().splitlines()[-1])
    return kind, rss_mb, seconds


@pytest.mark.parametrize("stacked", [False, True])
def test_gzip_bomb_stops_at_the_cap_in_little_memory(gzip_bomb, stacked):
    body = gzip.compress(gzip_bomb) if stacked else gzip_bomb
    encoding = "gzip, gzip" if stacked else "gzip"
    routes = Routes({"/bomb": (200, {"Content-Type": "text/plain", "Content-Encoding": encoding}, body)})
    with running(routes, max_requests=2) as (server, base):
        kind, rss_mb, seconds = _fetch_rss_in_child(f"{base}/bomb")
    print(f"1 GiB {'gzip,gzip' if stacked else 'gzip'} bomb: {kind}, peak RSS {rss_mb:.0f} MB, {seconds:.2f} s")
    assert kind == ("stacked_encoding" if stacked else "response_too_large")
    assert rss_mb < 300


def test_stacked_encodings_in_two_header_lines_are_refused():
    def twice(handler, stop):
        handler.wfile.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
            b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s" % (len(doubled), doubled)
        )

    doubled = gzip.compress(gzip.compress(b"hello " * 100))
    with running(Routes({"/x": twice}), max_requests=2) as (_, base):
        with pytest.raises(InputError) as caught:
            fetch(f"{base}/x", FetchPolicy(timeout_s=5, allowed_private_hosts=LOCAL))
    assert caught.value.kind == "stacked_encoding" and "compressed more than once" in str(caught.value)


def test_zstd_bomb_is_refused():
    zstandard = pytest.importorskip("zstandard")
    compressor = zstandard.ZstdCompressor(level=19).compressobj()
    block = bytes(16 << 20)
    body = b"".join(compressor.compress(block) for _ in range(GIB // len(block))) + compressor.flush()
    routes = Routes({"/z": (200, {"Content-Type": "text/plain", "Content-Encoding": "zstd"}, body)})
    with running(routes, max_requests=2) as (_, base):
        kind, rss_mb, seconds = _fetch_rss_in_child(f"{base}/z")
    print(f"1 GiB zstd bomb: {kind}, peak RSS {rss_mb:.0f} MB, {seconds:.2f} s")
    assert kind == "unsupported_encoding" and rss_mb < 300


def test_small_gzip_and_deflate_bodies_still_read():
    text = "Pasukan Ukraina memasuki Kherson. " * 50
    routes = Routes({
        "/gz": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, gzip.compress(text.encode())),
        "/df": (200, {"Content-Type": "text/plain", "Content-Encoding": "deflate"}, zlib.compress(text.encode())),
    })  # fmt: skip
    with running(routes, max_requests=4) as (_, base):
        for path in ("/gz", "/df"):
            assert fetch(base + path, FetchPolicy(timeout_s=5, allowed_private_hosts=LOCAL)).body.decode() == text


@pytest.mark.parametrize("part", ["body", "headers"])
def test_a_dripping_server_is_cut_off_at_the_deadline(part):
    if part == "body":
        route = drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n", b"x" * 100_000)
    else:  # one header byte at a time: the headers never end
        route = drip(b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 100_000, every_s=0.5)
    with running(Routes({"/slow": route}), max_requests=2) as (_, base):
        start = time.monotonic()
        with pytest.raises(InputError) as caught:
            fetch(f"{base}/slow", FetchPolicy(timeout_s=3, allowed_private_hosts=LOCAL))
        elapsed = time.monotonic() - start
    print(f"dripping {part}: cut off after {elapsed:.2f} s (timeout 3 s)")
    assert caught.value.kind == "fetch_timeout"
    assert elapsed < 3 + 2


def test_the_deadline_covers_every_redirect():
    def slow_hop(target: str):
        def route(handler, stop):
            stop.wait(0.9)
            handler.send_response(302)
            handler.send_header("Location", target)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        return route

    routes = Routes({"/a": slow_hop("/b"), "/b": slow_hop("/c"), "/c": slow_hop("/d"), "/d": (200, {}, HTML)})
    with running(routes, max_requests=8) as (_, base):
        start = time.monotonic()
        with pytest.raises(InputError) as caught:
            fetch(f"{base}/a", FetchPolicy(timeout_s=2, allowed_private_hosts=LOCAL))
        elapsed = time.monotonic() - start
    assert caught.value.kind == "fetch_timeout" and elapsed < 2 + 2


def test_errors_name_the_given_url_and_the_redirect_target():
    routes = Routes({"/start": (302, {"Location": "/gone"}, b"")})
    with running(routes, max_requests=4) as (_, base):
        with pytest.raises(InputError) as caught:
            fetch(f"{base}/start", FetchPolicy(timeout_s=5, allowed_private_hosts=LOCAL))
    assert str(caught.value) == f"{base}/start (redirected to {base}/gone): HTTP 404"


def test_credentials_in_urls_are_never_sent_stored_or_printed(sample_copy, service_factory, tmp_path):
    routes = Routes({"/story.html": (200, {"Content-Type": "text/html; charset=utf-8"}, HTML)})
    record = tmp_path / "r.jsonl"
    record.write_text(json.dumps({"id": "r1", "text": "Serangan di Odesa.", "url": "https://ed:pw123@example.org/a"}))
    with running(routes, max_requests=4) as (server, base):
        authed = base.replace("http://", "http://editor:s3cret@")
        service = service_factory(sample_copy, FRONTLINE_FETCH_ALLOW_HOSTS="127.0.0.1")
        items = service.load([f"{authed}/story.html", f"{authed}/missing", str(record)])
        report = service.add(items)
    assert all("authorization" not in request for request in server.requests_seen)
    assert len(report.added) == 2
    stored = [service.source(article_id).article for article_id in report.added]
    assert {a.url for a in stored} == {f"{base}/story.html", "https://example.org/a"}
    printed = "\n".join(map(str, report.failed)) + json.dumps([a.to_record() for a in stored])
    assert f"{base}/missing: HTTP 404" in printed
    assert "s3cret" not in printed and "pw123" not in printed and "editor:" not in printed


def test_dns_rebinding_never_reaches_the_private_address(monkeypatch):
    """The name resolves to a public address when checked and to 127.0.0.1 afterwards."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        address = "93.184.215.14" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with running(Routes({"/x": (200, {"Content-Type": "text/plain"}, b"internal secret")}), max_requests=2) as (
        server,
        base,
    ):
        port = base.rsplit(":", 1)[1]
        with pytest.raises(InputError):
            fetch(f"http://rebind.test:{port}/x", FetchPolicy(timeout_s=2))
    assert server.requests_seen == []  # the GET never reached 127.0.0.1
    assert len(lookups) == 1


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(monkeypatch):
    real = socket.getaddrinfo

    def private(host, port, *args, **kwargs):
        if host != "inside.test":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::7f00:1", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", private)
    with pytest.raises(InputError, match="non-public address 64:ff9b::7f00:1"):
        fetch("http://inside.test/x", FetchPolicy(timeout_s=2))


@pytest.mark.parametrize(
    "host", ["::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "::ffff:127.0.0.1", "64:ff9b::a00:1", "2002:c0a8:101::"]
)
def test_ipv6_forms_embedding_private_ipv4_are_refused(host):
    assert not is_public(ipaddress.ip_address(host))
    with pytest.raises(InputError, match="non-public address"):
        fetch(f"http://[{host}]/x", FetchPolicy(timeout_s=2))


def test_public_ipv6_forms_stay_public():
    for host in ("2606:4700::1111", "64:ff9b::808:808", "2002:808:808::"):
        assert is_public(ipaddress.ip_address(host)), host
