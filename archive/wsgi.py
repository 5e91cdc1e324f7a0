"""WSGI entry point for gunicorn."""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

from archive.search.query import load_tables  # noqa: E402  (needs the settings above)

# With `gunicorn --preload` this runs once, in the master: the views and the modules they
# import are loaded and the tables read once, and the workers it forks share them (a worker
# importing the views on its first request took 53 MB of its own). Frozen objects are never
# scanned by the garbage collector, which keeps full collections short and leaves those
# shared pages unwritten.
import_module(settings.ROOT_URLCONF)
load_tables()
gc.freeze()
