"""Preview: build into site/, serve it on localhost, and rebuild when any input changes.

The preview's editor (/admin/) also offers the local decap-server, which edits this clone (CONTRIBUTING,
"Edit in the browser"); a build to publish never does.

It reuses MkDocs' live-reload server, so the browser refreshes by itself; a build
that fails prints its problems and keeps serving the last good site.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from ..pipeline import build
from ..problems import MkDocsFailed, ValidationFailed

WATCHED = ("cities", "data", "content", "templates", "portal.yml", "indicators.yml", "mkdocs.yml")


def serve(root: Path, port: int) -> int:
    out = root / "site"

    def rebuild():
        try:
            build(root, out, strict=False, preview=True)
        except (ValidationFailed, MkDocsFailed) as err:
            print(err.report() if isinstance(err, ValidationFailed) else err)
            print("Build failed; still serving the last good site.")

    rebuild()
    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=port, root=str(out))
    for name in WATCHED:
        server.watch(str(root / name))
    print(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
