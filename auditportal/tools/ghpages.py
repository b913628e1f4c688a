"""Serve a built site the way GitHub Pages serves a project site: under a sub-path, gzip-compressed.

Used by the browser tests and the benchmark, so that a root-relative link (which would leave
https://<owner>.github.io/<repo>/) fails here as it would there, and page weights are the
bytes a reader's phone really receives. Only PREFIX/... is served; a folder answers with its
index.html, and PREFIX/x (a folder) redirects to PREFIX/x/.
"""
from __future__ import annotations

import mimetypes
import posixpath
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..write.budget import COMPRESSED, gzipped

PREFIX = "/portal"
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
         ".jsonld": "application/ld+json", ".geojson": "application/geo+json", ".svg": "image/svg+xml",
         ".csv": "text/csv", ".xml": "application/xml", ".txt": "text/plain", ".md": "text/markdown",
         ".wasm": "application/wasm", ".png": "image/png", ".zip": "application/zip"}


class _Handler(BaseHTTPRequestHandler):
    root: Path
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        path = posixpath.normpath(unquote(url.path)) + ("/" if url.path.endswith("/") else "")
        if path == PREFIX:
            return self._redirect(PREFIX + "/", url.query)
        if not path.startswith(PREFIX + "/"):
            return self._send(404, b"not found", "text/plain")
        target = (self.root / path[len(PREFIX) + 1:]).resolve()
        if not target.is_relative_to(self.root):
            return self._send(404, b"not found", "text/plain")
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/", url.query)
            target = target / "index.html"
        if not target.is_file():
            return self._send(404, b"not found", "text/plain")
        kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if "gzip" in self.headers.get("Accept-Encoding", "") and target.suffix in COMPRESSED:
            return self._send(200, gzipped(target, target.stat().st_mtime_ns), kind, gzipped=True)
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if wanted:  # byte ranges, as GitHub Pages answers them (a PMTiles basemap is read this way)
            data = target.read_bytes()
            first = int(wanted.group(1))
            last = min(int(wanted.group(2) or len(data) - 1), len(data) - 1)
            return self._send(206, data[first:last + 1], kind, span=f"bytes {first}-{last}/{len(data)}")
        return self._send(200, target.read_bytes(), kind)

    def _redirect(self, location: str, query: str):
        self.send_response(301)
        self.send_header("Location", location + (f"?{query}" if query else ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, kind: str, gzipped: bool = False, span: str = ""):
        self.send_response(status)
        if span:
            self.send_header("Content-Range", span)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser dropping a connection it no longer needs is not an error


def serve(site: Path, port: int = 0):
    """Serve `site` on localhost under PREFIX in a background thread; returns (base URL, stop)."""
    handler = type("Handler", (_Handler,), {"root": site.resolve()})
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}{PREFIX}", server.shutdown
