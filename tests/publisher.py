"""A publisher on 127.0.0.1 for the refresh tests: recorded answers in the formats publishers really send (a
Socrata portal's SODA API in CSV and JSON, page by page, with its dataset metadata; a workbook; a ZIP), made
from a live city's files, and the ways publishers fail (an error status, no answer, a redirect to a login
page, a web page instead of data, a download cut off). Nothing leaves this machine."""
from __future__ import annotations

import csv
import io
import json
import threading
import time
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from helpers import FIXTURE, ROOT

UPDATED = 1_800_000_000  # the portal's rowsUpdatedAt: 2027-01-15 (UTC)
LICENCE = "Creative Commons Attribution | Share Alike 4.0 International"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0     # seconds before answering (a slow publisher)
    cut: int | None = None  # bytes sent of a body whose full length is announced (a download cut off)


class Publisher:
    """Serves `routes` (path -> Reply, or a function of the query giving one) and logs every request."""

    def __init__(self):
        self.routes: dict = {}
        self.log: list[str] = []
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                url = urlparse(self.path)
                publisher.log.append(self.path)
                route = publisher.routes.get(url.path, Reply(404, b"not found", {"Content-Type": "text/plain"}))
                reply = route(parse_qs(url.query)) if callable(route) else route
                time.sleep(reply.delay)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    self.wfile.write(reply.body[:reply.cut] if reply.cut is not None else reply.body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    pass
                if reply.cut is not None:
                    self.close_connection = True

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.host = f"127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# ---- what the publishers send: made from Cali's files (data/cali, as in shared/data/cali) and the fixture's


def cali_months(first: int = 2015, last: int = 2024) -> list[dict]:
    """Cali's homicides per month as the National Police's portal gives them summed (year, month, homicides)."""
    with (ROOT / "data" / "cali" / "cali_homicides_monthly_2003_2024.csv").open(encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if first <= int(row["year"]) <= last]


def soda(rows: list[dict], kind: str):
    """A SODA resource answering $limit / $offset pages of `rows` in CSV (every field quoted, as Socrata writes
    it) or JSON (strings, one object a line)."""
    def answer(query: dict) -> Reply:
        limit, offset = int(query["$limit"][0]), int(query.get("$offset", ["0"])[0])
        page = rows[offset:offset + limit]
        if kind == "json":
            body = ("[" + "\n,".join(json.dumps(r, ensure_ascii=False) for r in page) + "]\n").encode()
            return Reply(body=body, headers={"Content-Type": "application/json;charset=utf-8"})
        out = io.StringIO()
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(list(rows[0]) if rows else [])
        writer.writerows([list(r.values()) for r in page])
        return Reply(body=out.getvalue().encode(), headers={"Content-Type": "text/csv; charset=UTF-8"})
    return answer


def soda_metadata(dataset: str) -> Reply:
    body = {"id": dataset, "name": "HOMICIDIO", "rowsUpdatedAt": UPDATED, "license": {"name": LICENCE}}
    return Reply(body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def fixture_rows(name: str) -> list[dict]:
    with (FIXTURE / "data" / "minicali" / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def workbook(rows: list[dict], sheet: str = "Homicidios", notes: bool = True, extra: str | None = None) -> bytes:
    """A publisher's workbook: a title row and an empty row above the header, numbers as numbers, and a sheet of
    notes beside the data."""
    from openpyxl import Workbook
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["Homicidios y población, Santiago de Cali (Policía Nacional, DANE)"])
    ws.append([])
    ws.append(list(rows[0]))
    for row in rows:
        ws.append([float(v) if v.replace(".", "", 1).isdigit() and "." in v else int(v) if v.isdigit() else v
                   for v in row.values()])
    if notes:
        book.create_sheet("Notas").append(["Cifras sujetas a variación."])
    if extra:
        book.create_sheet(extra).append(["año", "homicidios"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(rows: list[dict], member: str = "datos/victimas.csv") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("LEEME.txt", "Víctimas de homicidio por medio, sexo y edad.\n")
        z.writestr(member, out.getvalue())
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAST_MODIFIED = "Fri, 15 Jan 2027 10:00:00 GMT"


def file_reply(body: bytes, kind: str) -> Reply:
    return Reply(body=body, headers={"Content-Type": XLSX if kind == "xlsx" else "application/zip",
                                     "Last-Modified": LAST_MODIFIED})


HTML = Reply(body=b"<!DOCTYPE html><html><body><form>Iniciar sesi\xc3\xb3n</form></body></html>",
             headers={"Content-Type": "text/html; charset=utf-8"})
