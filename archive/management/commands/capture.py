"""Capture web pages: `manage.py capture URL [URL ...] [--from FILE]`.

Each URL is fetched (redirects followed and recorded), kept as WARC request and response
records, and goes through the pipeline like any page; the images and stylesheets it loads are
kept too, to show it as it was. A URL that gives no page is a failure line with its reason.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from archive.ingest.capture import Fetching, capture_urls
from archive.ingest.urls import web_url
from archive.management.base import WriterCommand


class Command(WriterCommand):
    help = "Fetch URLs into the archive (WARC records, then the usual pipeline)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("urls", nargs="*", help="http(s) URLs to capture.")
        parser.add_argument(
            "--from", dest="from_file", type=Path, help="A file of URLs, one a line ('-' for standard input)."
        )
        parser.add_argument(
            "--no-requisites", action="store_true", help="Do not fetch the images and stylesheets pages load."
        )
        add_fetching_arguments(parser)

    def write(self, *args, urls, from_file, no_requisites, **options):
        urls = [*urls, *read_url_file(from_file)] if from_file else list(urls)
        if not urls:
            raise CommandError("no URL given: name some, or a file of them with --from")
        good = [u for u in urls if web_url(u)]
        for url in urls:
            if url not in good:
                self.stderr.write(f"failed: {url}: not an http(s) URL")
        report = capture_urls(
            dict.fromkeys(good),
            how=fetching(options),
            with_requisites=not no_requisites,
            progress=self.progress("URL"),
        )
        self.report(report)
        failed = len(report.with_status("failed")) + len(urls) - len(good)
        if report.index_error:
            self.stderr.write(f"error: the search index could not be written: {report.index_error}")
        if failed:
            raise CommandError(f"{failed} of {len(urls)} URLs failed", returncode=1)


def add_fetching_arguments(parser) -> None:
    parser.add_argument(
        "--delay", type=float, help="Seconds between two requests to one host (CAPTURE_DELAY)."
    )
    parser.add_argument("--timeout", type=float, help="Seconds to wait for an answer (CAPTURE_TIMEOUT).")
    parser.add_argument("--user-agent", help="The User-Agent header sent (CAPTURE_USER_AGENT).")


def fetching(options: dict) -> Fetching:
    pick = lambda name, setting: options.get(name) if options.get(name) is not None else setting  # noqa: E731
    return Fetching(
        user_agent=pick("user_agent", settings.CAPTURE_USER_AGENT),
        timeout=pick("timeout", settings.CAPTURE_TIMEOUT),
        delay=pick("delay", settings.CAPTURE_DELAY),
        max_bytes=int(settings.MAX_PAGE_MB * 2**20),
    )


def read_url_file(path: Path) -> list[str]:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read the URL file {path}: {error}") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
