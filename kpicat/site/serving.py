"""``kpicat serve``: MkDocs' live-reload server that survives a broken catalogue.

MkDocs' own ``serve`` leaves every request waiting while a rebuild fails. Here a
rebuild never fails towards the server: when the check (or MkDocs) finds errors,
the last good site stays in place and every HTML page gets a notice naming
``file:line:col`` and the message (escaped: it quotes contributor text). Without
any good build yet, every page is an error page (HTTP 503). The next good save
rebuilds and the notice goes away; browsers reload by themselves.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from mkdocs.livereload import LiveReloadServer, _serve_url

from kpicat.core.escaping import clean
from kpicat.core.i18n import _
from kpicat.core.kinds import CATALOGUE_DIR
from kpicat.infra.parallel import Helpers, fork_is_safe

log = logging.getLogger("mkdocs.kpicat.serve")

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
NOTICE_ID = "kpicat-serve-problem"
_PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kpicat: the site could not be built</title>
</head><body><p>The site has not been built yet. Fix the problems above and save; this
page reloads by itself.</p></body></html>
"""

StartResponse = Callable[..., Any]
POLL_MIN_S, POLL_MAX_S, POLL_S_PER_FILE = 0.2, 0.5, 0.0002
# imported once by the fork server, not again by every helper it forks
HELPER_PRELOAD = [
    "kpicat.check",
    "kpicat.site.build",
    "kpicat.site.plugin",
    "kpicat.site.bundle",
    "kpicat.site.pages",
    "mkdocs.commands.build",
    "material.plugins.search.plugin",
]


def notice_html(problem: str, *, has_site: bool) -> bytes:
    """The banner: what is wrong, escaped, on top of every page."""
    lead = (
        "This is the last good version of the site: the catalogue now has errors."
        if has_site
        else "The site could not be built: the catalogue has errors."
    )
    text = html.escape(clean(click.unstyle(problem)).strip(), quote=True)
    return (
        f'<div id="{NOTICE_ID}" role="alert" style="position:sticky;top:0;z-index:10000;'
        "background:#b00020;color:#fff;padding:.8em 1em;font:14px/1.4 sans-serif;"
        'max-height:60vh;overflow:auto"><strong>kpicat serve: '
        f"{lead} Fix them and save; the page reloads by itself.</strong>"
        '<pre style="white-space:pre-wrap;margin:.5em 0 0;font:13px/1.4 monospace">'
        f"{text}</pre></div>"
    ).encode()


def inject(page: bytes, banner: bytes) -> bytes:
    """The banner right after ``<body>`` (or first, for a page without one)."""
    match = _BODY.search(page)
    at = match.end() if match else 0
    return page[:at] + banner + page[at:]


class Server(LiveReloadServer):
    """LiveReloadServer whose pages carry the current problem, if any."""

    def __init__(self, builder: Callable[[], None], *args: Any, **kwargs: Any) -> None:
        super().__init__(builder, *args, **kwargs)
        self.problem: str | None = None
        self.has_site = False
        self.set_app(self.with_notice)

    def with_notice(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """WSGI app around MkDocs' one: add the notice to HTML, or serve the error page."""
        problem, has_site = self.problem, self.has_site
        path = environ.get("PATH_INFO", "")
        if problem is None or path.startswith("/livereload/"):
            return self.serve_request(environ, start_response)
        if not has_site:
            environ = {**environ, "PATH_INFO": self.mount_path}
        answer: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], _exc: Any = None) -> Any:
            answer["status"], answer["headers"] = status, headers
            return lambda _data: None

        body = self.serve_request(environ, capture)
        status, headers = answer["status"], answer["headers"]
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not kind.startswith("text/html"):
            start_response(status, headers)
            return body
        try:
            content = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        content = inject(content, notice_html(problem, has_site=has_site))
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(content))))
        start_response(status if has_site else "503 Service Unavailable", headers)
        return [content]


def start_helpers() -> Helpers | None:
    """The fork server for the second language's builds, or None (one core, or no server
    to be had: then every language is built here, one after the other)."""
    if not fork_is_safe():
        return None
    try:
        return Helpers(HELPER_PRELOAD)
    except Exception as exc:
        log.info("kpicat: no helper process for the second language (%s)", exc)
        return None


def polling_interval(*folders: Path) -> float:
    """Seconds between two looks at the watched files: a save is noticed within a fifth
    of a second in a small catalogue, while looking costs at most about 5 % of a core
    (some 10 µs a file) in a large one, and never less often than MkDocs' half second."""
    files = sum(len(names) for folder in folders for _, _, names in os.walk(folder))
    return max(POLL_MIN_S, min(POLL_MAX_S, files * POLL_S_PER_FILE))


def _stop(_signum: int, _frame: object) -> None:
    """SIGTERM ends the server like Ctrl-C: through the same cleanup."""
    raise KeyboardInterrupt


def serve_site(folder: Path, config_path: Path, dev_addr: str) -> None:
    """Serve ``folder``'s site on ``dev_addr`` until Ctrl-C or SIGTERM; then clean up."""
    from kpicat.check import run_check
    from kpicat.report.text import render
    from kpicat.site.build import build_site, load_mkdocs

    previous = signal.signal(signal.SIGTERM, _stop)
    # the second language's site is built beside the first by a helper; the server runs
    # threads, so helpers come from a fork server started now, before the first thread
    helpers = start_helpers()
    tmp = Path(tempfile.mkdtemp(prefix="kpicat-serve-"))
    site_dir = tmp / "site"
    try:
        config = load_mkdocs(config_path, None, site_dir=str(site_dir), dev_addr=dev_addr)
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
        server: Server

        def fail(problem: str) -> None:
            server.problem = problem
            click.echo(click.unstyle(problem), err=True)
            message = (
                _("kpicat: serving the last good site with this notice until it is fixed")
                if server.has_site
                else _("kpicat: serving an error page with this notice until it is fixed")
            )
            click.echo(message, err=True)
            if not server.has_site:
                site_dir.mkdir(exist_ok=True)
                (site_dir / "index.html").write_text(_PLACEHOLDER, encoding="utf-8")

        def rebuild() -> None:
            """One build; any failure becomes the notice, so no request waits for ever."""
            try:
                result = run_check(folder)
                if result.exit_code != 0:
                    fail(render(result))
                    return
                build_site(
                    folder,
                    result,
                    site_dir,
                    config_file=config_path,
                    strict=None,
                    verbose=True,
                    serve_url=serve_url,
                    helpers=helpers,
                    rebuild_cache=tmp / "rebuild",
                )
            except click.ClickException as exc:
                fail(exc.format_message())
            except Exception as exc:  # a bug must not stall the browsers either
                log.exception("the rebuild failed")
                fail(f"{type(exc).__name__}: {exc}")
            else:
                server.problem = None
                server.has_site = True

        server = Server(
            rebuild,
            host=host,
            port=port,
            root=str(site_dir),
            mount_path=urlsplit(serve_url).path,
            polling_interval=polling_interval(folder / CATALOGUE_DIR, Path(config.docs_dir)),
        )

        def error_page(code: int) -> bytes | None:
            page = site_dir / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        try:
            rebuild()
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=rebuild)
            for item in config.watch:
                server.watch(item)
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        except OSError as exc:  # the address is taken, for example
            raise click.ClickException(
                _("cannot serve on {address}: {reason}").format(
                    address=dev_addr, reason=exc.strerror or exc
                )
            ) from None
        finally:
            server.shutdown()
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
