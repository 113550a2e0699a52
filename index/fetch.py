"""Fetching articles over http(s): a timeout, a size cap, few redirects, no private hosts."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from index.errors import InputError

MAX_REDIRECTS = 3


@dataclass(frozen=True)
class FetchPolicy:
    timeout_s: float = 15.0
    max_bytes: int = 5_000_000
    allowed_private_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes


def _refuse_address(url: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> InputError:
    return InputError("url_private", label=url, address=address)


def _check_peer(url: str, response: httpx.Response, policy: FetchPolicy) -> None:
    """Check the address actually connected to: DNS may answer differently the second time."""
    if (urlsplit(url).hostname or "") in policy.allowed_private_hosts:
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer and not ipaddress.ip_address(peer[0]).is_global:
        raise _refuse_address(url, ipaddress.ip_address(peer[0]))


def _check_host(url: str, policy: FetchPolicy) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError("url_scheme", label=url)
    host = parts.hostname or ""
    if not host:
        raise InputError("url_no_host", label=url)
    if host in policy.allowed_private_hosts:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InputError("url_unresolvable", label=url, host=host) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise _refuse_address(url, address)


def fetch(url: str, policy: FetchPolicy) -> Fetched:
    """GET `url`, following at most three redirects, each checked like the first."""
    current = url
    with httpx.Client(timeout=policy.timeout_s, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            _check_host(current, policy)
            try:
                with client.stream("GET", current, headers={"User-Agent": "frontline/0.1"}) as response:
                    _check_peer(current, response, policy)
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError("http_status", label=url, status=response.status_code)
                    body = _read_capped(response, url, policy.max_bytes)
                    return Fetched(str(response.url), response.headers.get("content-type", ""), body)
            except httpx.TimeoutException as exc:
                raise InputError("fetch_timeout", label=url, seconds=policy.timeout_s) from exc
            except httpx.HTTPError as exc:
                raise InputError("fetch_failed", label=url, reason=f"{exc.__class__.__name__}: {exc}") from exc
    raise InputError("too_many_redirects", label=url, max=MAX_REDIRECTS)


def _read_capped(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError("response_too_large", label=url, cap=max_bytes)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise InputError("response_too_large", label=url, cap=max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)
