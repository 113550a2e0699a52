"""A real HTTP server on 127.0.0.1 serving canned routes, for URL ingestion and chat-model tests.

A route is `(status, headers, body)` or a callable `(handler, stop)` that writes the raw
response itself (a server that drips bytes, lies about its encoding). Each server answers
at most `max_requests` requests; `running()` starts one and always stops it, and a
callable route must return once `stop` is set, so no test leaves a thread serving.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Routes(dict):
    """path -> (status, headers, body) or a callable (handler, stop: threading.Event)."""


class Server(ThreadingHTTPServer):
    daemon_threads = True
    requests_seen: list[dict[str, str]]
    stop: threading.Event

    def shutdown(self) -> None:
        self.stop.set()
        super().shutdown()
        self.server_close()


def serve(routes: Routes, max_requests: int = 50) -> tuple[Server, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            server.requests_seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            if len(server.requests_seen) > max_requests:
                self.send_error(429)
                return
            route = routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
            if callable(route):
                route(self, server.stop)
                return
            # Read the request's body before answering, as a real server does: a reply written over
            # an unread body ends in a reset when the server closes, and the client saw a ReadError
            # instead of the reply (test_generate's huge reply failed so under load).
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, headers, body = route
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET  # noqa: N815 - a callable route reads the request body itself

        def log_message(self, *args) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    server.requests_seen = []
    server.stop = threading.Event()
    # A short poll interval: shutdown() waits for the loop's next poll (0.5 s by default).
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def running(routes: Routes, max_requests: int = 50) -> Iterator[tuple[Server, str]]:
    server, base = serve(routes, max_requests)
    try:
        yield server, base
    finally:
        server.shutdown()


def drip(head: bytes, body: bytes, every_s: float = 1.0, limit_s: float = 30.0) -> Callable:
    """A route that sends `head` then `body` one byte every `every_s` (for at most `limit_s`)."""

    def route(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        try:
            handler.wfile.write(head)
            handler.wfile.flush()
            for position in range(len(body)):
                if stop.wait(every_s) or position * every_s > limit_s:
                    return
                handler.wfile.write(body[position : position + 1])
                handler.wfile.flush()
        except OSError:  # the client hung up: what a bounded fetch does
            return

    return route
