"""WSGI entry point: gunicorn serves HTTP with sync workers in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

from courses import search  # noqa: E402

# HTTP serves search, and the segmenter's dictionary takes seconds to load: load it
# now, in the background, rather than on the first visitor's query.
search.warm_in_background()
