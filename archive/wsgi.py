"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

from archive.search.query import load_tables  # noqa: E402  (needs the settings above)

# With `gunicorn --preload` this runs once, in the master: the tables are read once and the
# workers it forks share them. Frozen objects are never scanned by the garbage collector,
# which keeps full collections short and leaves those shared pages unwritten.
load_tables()
gc.freeze()
