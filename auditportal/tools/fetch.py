"""A publisher's release fetched over the network, for `build.py refresh` only: the build never fetches.

Two ways a publisher releases data (schema.Refresh): a Socrata portal's dataset, asked page by page through
its SODA API with sodapy, its own metadata giving the publisher's date and licence; or a file at a fixed
address. Whatever goes wrong (no answer, an error status, a redirect to a login page, a web page instead of
data, a cut-off download) is a `Failed` that says what happened at which address and what to do, never a
traceback; the caller adds the city and dataset.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

import requests
from sodapy import Socrata as SodaClient

from ..schema import FileAtUrl, Socrata

AGENT = {"User-Agent": "safety-audit-portal refresh (+https://github.com/safety-audit-portal/portal)"}
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
"""Hosts reached over plain http: a test's recorded publisher on this machine. Every other host over https."""
MAX_PAGES = 2_000
"""Pages asked of one dataset at most: a portal that never sends a short page is not followed for ever."""
TRY_AGAIN = "the publisher may be down or slow: the next scheduled refresh tries again"


class Failed(Exception):
    """The publisher's release could not be had or read: at which address, what happened, what to do."""

    def __init__(self, url: str, what: str, hint: str = ""):
        super().__init__(what)
        self.url, self.what, self.hint = url, what, hint

    def __str__(self) -> str:
        return f"{self.url}: {self.what}" + (f" ({self.hint})" if self.hint else "")


@dataclass(frozen=True)
class Fetched:
    """A release as the publisher sent it, with what the publisher says about it."""
    content: bytes            # kept byte for byte as the snapshot (a portal's pages: together, the header once)
    name: str                 # the snapshot's file name
    url: str                  # the address asked (a portal's first page)
    landing: str              # the publisher's page of the dataset, cited as the source's url
    published: str | None     # the publisher's date of this release (YYYY-MM-DD), when it states one
    licence: str | None       # the licence the publisher states, when it states one
    pages: int = 1


def _is_html(response: requests.Response) -> bool:
    head = response.content[:512].lstrip().lower()
    return "html" in response.headers.get("content-type", "").lower() or head.startswith((b"<!doctype", b"<html"))


def _answer(response: requests.Response | None, url: str, wanted: str) -> None:
    """Refuse an answer that is no data: an error status, or a web page (a login page after a redirect)."""
    if response is None:
        return
    if response.status_code not in (200, 202):
        raise Failed(url, f"the publisher answered {response.status_code} {response.reason}", TRY_AGAIN)
    if _is_html(response):
        moved = f" after a redirect to {response.url} (a login page?)" if response.history else ""
        raise Failed(url, f"the publisher sent a web page (HTML) instead of {wanted}{moved}",
                     "check the address in a browser; if the publisher moved the data, update refresh: in city.yml")


def _failed(err: Exception, url: str, timeout: int) -> Failed:
    if isinstance(err, requests.exceptions.Timeout):
        return Failed(url, f"no answer within {timeout} s", TRY_AGAIN + "; raise refresh.timeout if it is always slow")
    if isinstance(err, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return Failed(url, f"the download was cut off before its end ({err.__class__.__name__})", TRY_AGAIN)
    if isinstance(err, requests.exceptions.ConnectionError):
        return Failed(url, "the publisher could not be reached (connection refused or lost)", TRY_AGAIN)
    if isinstance(err, ValueError):
        return Failed(url, f"the answer is not the JSON the portal should send: {err}", TRY_AGAIN)
    return Failed(url, str(err).splitlines()[0], TRY_AGAIN)


def _whole(response: requests.Response, url: str) -> bytes:
    """The body, refused when it is shorter than the length the server announced."""
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and "content-encoding" not in response.headers and len(response.content) < int(announced):
        raise Failed(url, f"the download was cut off: {len(response.content):,} of {int(announced):,} bytes", TRY_AGAIN)
    return response.content


def _day(stamp: str | None) -> str | None:
    try:
        return parsedate_to_datetime(stamp).date().isoformat() if stamp else None
    except (TypeError, ValueError):
        return None


def _scheme(host: str) -> str:
    return "http://" if host.split(":")[0] in LOOPBACK or host.startswith("[::1]") else "https://"


def file(src: FileAtUrl, timeout: int) -> Fetched:
    """A file at a fixed address, as published; its date is the server's Last-Modified."""
    try:
        response = requests.get(src.url, timeout=timeout, headers=AGENT)
        _answer(response, src.url, f"the {src.format.upper()} file")
        content = _whole(response, src.url)
    except requests.exceptions.RequestException as err:
        raise _failed(err, src.url, timeout) from None
    name = response.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or f"download.{src.format}"
    return Fetched(content, name if "." in name else f"{name}.{src.format}", src.url, src.url,
                   _day(response.headers.get("last-modified")), None)


def socrata(src: Socrata, timeout: int) -> Fetched:
    """Every row a Socrata dataset gives for the declared query, page by page ($limit, $offset, in the declared
    $order), the pages kept together as the snapshot; the dataset's metadata gives its date and licence.
    An application token in SOCRATA_APP_TOKEN, if set, is sent (the portal then throttles less)."""
    prefix = _scheme(src.domain)
    logging.disable(logging.WARNING)  # sodapy's warning that a request without a token is throttled
    try:
        client = SodaClient(src.domain, os.environ.get("SOCRATA_APP_TOKEN") or None, timeout=timeout,
                            session_adapter={"prefix": prefix, "adapter": requests.adapters.HTTPAdapter()})
    finally:
        logging.disable(logging.NOTSET)
    client.session.headers.update(AGENT)
    seen: list[requests.Response] = []
    client.session.hooks["response"].append(lambda r, *args, **kwargs: seen.append(r))
    since = f"{src.date_column} >= '{src.since.isoformat()}T00:00:00'" if src.since and src.date_column else None
    query = {k: v for k, v in (("select", src.select), ("where", " AND ".join(f"({w})" for w in (src.where, since)
                                                                             if w) or None),
                               ("group", src.group), ("order", src.order)) if v}
    first = f"{prefix}{src.domain}/resource/{src.dataset}.{src.format}?" + urlencode(
        {f"${k}": v for k, v in {**query, "limit": src.page_rows, "offset": 0}.items()})
    bodies: list[bytes] = []
    rows: list = []
    try:
        for page in range(MAX_PAGES):
            seen.clear()
            got = client.get(src.dataset, content_type=src.format, limit=src.page_rows,
                             offset=page * src.page_rows, **query)
            _answer(seen[-1] if seen else None, first, src.format.upper())
            if not isinstance(got, list):
                raise Failed(first, f"the portal answered {str(got)[:200]!r} instead of rows", TRY_AGAIN)
            bodies.append(_whole(seen[-1], first) if seen else b"")
            count = len(got) - 1 if src.format == "csv" else len(got)
            rows += got[1:] if src.format == "csv" and page else got
            if count < src.page_rows:
                break
        else:
            raise Failed(first, f"more than {MAX_PAGES} pages of {src.page_rows} rows",
                         "narrow the query (where:, since:) or ask for bigger pages (page_rows:)")
        seen.clear()
        meta = client.get_metadata(src.dataset)
    except Failed:
        raise
    except Exception as err:  # sodapy raises a bare Exception for an answer it cannot read (a web page)
        _answer(seen[-1] if seen else None, first, src.format.upper())
        raise _failed(err, first, timeout) from None
    finally:
        client.close()
    return Fetched(_together(bodies, rows, src.format, first), f"{src.dataset}.{src.format}", first,
                   f"{prefix}{src.domain}/d/{src.dataset}", _updated(meta), _licence(meta), len(bodies))


def _together(bodies: list[bytes], rows: list, kind: str, url: str) -> bytes:
    """A CSV answer's pages as sent, each header after the first left out (it must be the first's); a JSON
    answer's rows as one array."""
    if kind == "json":
        return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    header = bodies[0].split(b"\n", 1)[0]
    out = [bodies[0]]
    for i, body in enumerate(bodies[1:], start=2):
        head, _, rest = body.partition(b"\n")
        if head != header:
            raise Failed(url, f"page {i} has other columns than page 1 ({head[:80]!r}, not {header[:80]!r})", TRY_AGAIN)
        out.append(rest if out[-1].endswith(b"\n") or not rest else b"\n" + rest)
    return b"".join(out)


def _updated(meta) -> str | None:
    stamp = meta.get("rowsUpdatedAt") or meta.get("viewLastModified") if isinstance(meta, dict) else None
    return datetime.fromtimestamp(int(stamp), UTC).date().isoformat() if stamp else None


def _licence(meta) -> str | None:
    if not isinstance(meta, dict):
        return None
    stated = meta.get("license") or {}
    return (stated.get("name") if isinstance(stated, dict) else None) or meta.get("licenseId")


def today() -> date:
    return datetime.now(UTC).date()
