"""Fetching articles over http(s), bounded in every way a hostile server could stretch it.

- **One deadline** (`timeout_s`) covers the whole fetch: DNS, connect, TLS, headers, body
  and every redirect. Each socket read waits at most for the time left, so a server that
  drips a byte (or a header line) a second is cut off when the deadline passes.
- **No private hosts:** each host is resolved once, every address it resolves to is
  checked (loopback, private, link-local, and IPv6 forms embedding such an IPv4 address:
  `::127.0.0.1`, `64:ff9b::7f00:1`, `2002:7f00:1::`, `::ffff:…`, Teredo) and the connection
  goes to the checked address, so a second DNS answer cannot point it elsewhere
  (DNS rebinding). `allowed_private_hosts` names hosts exempt from the check.
- **At most `MAX_REDIRECTS` redirects**, each checked like the first.
- **Size cap on decoded bytes**, counted as they stream and decoded in bounded steps, so a
  compressed bomb stops at the cap; one content coding (gzip or deflate) at most.
- **No credentials:** `user:pass@` is dropped from every URL before it is fetched, stored
  or printed. Errors name the URL the user gave, and the redirect target after it.
"""

from __future__ import annotations

import ipaddress
import math
import re
import socket
import time
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore

from index.errors import InputError

MAX_REDIRECTS = 3
_REDIRECTS = (301, 302, 303, 307, 308)
_DECODE_STEP = 64 * 1024  # decoded bytes produced per decompression call
_CODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": 32 + zlib.MAX_WBITS}
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="frontline-dns")  # getaddrinfo has no timeout

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class FetchPolicy:
    timeout_s: float = 15.0
    max_bytes: int = 5_000_000
    allowed_private_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects, without credentials
    content_type: str
    body: bytes


def redact_url(url: str) -> str:
    """`url` without `user:password@`, which is never sent, stored or printed (malformed URLs too)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" in the host: still never show what precedes an "@"
        return re.sub(r"//[^/?#]*@", "//", url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def is_public(address: Address) -> bool:
    """A global address that does not embed a loopback, private or link-local IPv4 address."""
    if not address.is_global:
        return False
    embedded = _embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else None
    return embedded is None or embedded.is_global


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped or address.sixtofour:
        return address.ipv4_mapped or address.sixtofour
    if address.teredo:
        return address.teredo[1]
    number = int(address)
    if number >> 32 == 0 or any(address in net for net in _NAT64):  # IPv4-compatible ::a.b.c.d, NAT64
        return ipaddress.IPv4Address(number & 0xFFFFFFFF)
    return None


class _Refused(Exception):
    """Raised below the HTTP layer; `fetch` turns it into an `InputError` naming the URL."""

    def __init__(self, kind: str, **details: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.details = details


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def left(self, timeout: float | None = None) -> float:
        """Seconds an operation may wait: at most `timeout`, never past the deadline."""
        remaining = self._end - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("deadline passed")
        return min(remaining, timeout if timeout is not None else math.inf)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no longer than the fetch has left."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._deadline.left(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves each host once, checks every address, and connects to a checked one."""

    def __init__(self, policy: FetchPolicy, deadline: _Deadline) -> None:
        self._policy = policy
        self._deadline = deadline
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, self._deadline)
        if host not in self._policy.allowed_private_hosts:
            for address in addresses:
                if not is_public(address):
                    raise _Refused("url_private", address=address)
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(str(address), port, self._deadline.left(timeout), local_address)
            except httpcore.ConnectError as exc:
                error = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, self._deadline.left()))


def _resolve(host: str, port: int, deadline: _Deadline) -> list[Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    lookup = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=deadline.left())
    except FutureTimeout as exc:
        raise httpcore.ConnectTimeout("DNS lookup timed out") from exc
    except (socket.gaierror, UnicodeError) as exc:
        raise _Refused("url_unresolvable", host=host) from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    if not addresses:
        raise _Refused("url_unresolvable", host=host)
    return addresses


def _check_url(url: str, policy: FetchPolicy) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise _Refused("url_scheme")
    host = parts.hostname or ""
    if not host:
        raise _Refused("url_no_host")
    if host in policy.allowed_private_hosts:
        return
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return  # a name: checked when it is resolved, just before connecting
    if not is_public(literal):
        raise _Refused("url_private", address=literal)


def fetch(url: str, policy: FetchPolicy) -> Fetched:
    """GET `url`, following at most three redirects, each checked like the first, all within `timeout_s`."""
    given = redact_url(url)
    current = given
    deadline = _Deadline(policy.timeout_s)
    headers = [(b"User-Agent", b"frontline/0.1"), (b"Accept-Encoding", b"gzip, deflate")]
    with httpcore.ConnectionPool(network_backend=_GuardedBackend(policy, deadline), retries=0) as pool:
        for _ in range(MAX_REDIRECTS + 1):
            label = given if current == given else f"{given} (redirected to {current})"
            try:
                _check_url(current, policy)
                with pool.stream("GET", current, headers=headers) as response:
                    fields = _header_fields(response.headers)
                    if response.status in _REDIRECTS and fields.get("location"):
                        current = redact_url(urljoin(current, fields["location"]))
                        continue
                    if response.status >= 400:
                        raise InputError("http_status", label=label, status=response.status)
                    body = _read_capped(response.iter_stream(), fields, label, policy.max_bytes)
                    return Fetched(current, fields.get("content-type", ""), body)
            except _Refused as exc:
                raise InputError(exc.kind, label=label, **exc.details) from exc
            except httpcore.TimeoutException as exc:
                raise InputError("fetch_timeout", label=label, seconds=policy.timeout_s) from exc
            except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol, ValueError) as exc:
                reason = f"{exc.__class__.__name__}: {exc}".rstrip(": ")
                raise InputError("fetch_failed", label=label, reason=reason) from exc
    raise InputError("too_many_redirects", label=f"{given} (redirected to {current})", max=MAX_REDIRECTS)


def _header_fields(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Lower-cased names; a repeated Content-Encoding is joined, so stacked codings are seen."""
    fields: dict[str, str] = {}
    for name, value in raw:
        key, text = name.decode("latin-1").lower(), value.decode("latin-1").strip()
        fields[key] = f"{fields[key]}, {text}" if key == "content-encoding" and key in fields else text
    return fields


def _read_capped(stream: Iterable[bytes], fields: dict[str, str], label: str, max_bytes: int) -> bytes:
    codings = [c.strip().lower() for c in fields.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        raise InputError("stacked_encoding", label=label, encodings=", ".join(codings))
    if codings and codings[0] not in _CODINGS:
        raise InputError("unsupported_encoding", label=label, encoding=codings[0])
    declared = fields.get("content-length", "")
    if not codings and declared.isdigit() and int(declared) > max_bytes:
        raise InputError("response_too_large", label=label, cap=max_bytes)
    body = bytearray()

    def keep(piece: bytes) -> None:
        body.extend(piece)
        if len(body) > max_bytes:
            raise InputError("response_too_large", label=label, cap=max_bytes)

    if not codings:
        for chunk in stream:
            keep(chunk)
        return bytes(body)
    wbits = _CODINGS[codings[0]]
    decoder = zlib.decompressobj(wbits)
    try:
        for chunk in stream:
            data = chunk
            while data:
                keep(decoder.decompress(data, _DECODE_STEP))
                data = decoder.unconsumed_tail
                if decoder.eof and decoder.unused_data.strip(b"\x00"):  # another gzip member follows
                    data, decoder = decoder.unused_data, zlib.decompressobj(wbits)
        keep(decoder.flush(_DECODE_STEP))
    except zlib.error as exc:
        raise InputError("fetch_failed", label=label, reason=f"damaged {codings[0]} body ({exc})") from exc
    return bytes(body)
