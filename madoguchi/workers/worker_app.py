"""The Celery app a worker process runs: ``celery -A madoguchi.workers.worker_app worker``.

``madoguchi worker`` checks the settings first and explains a bad value; starting
Celery directly on this module skips that courtesy.
"""

from madoguchi.workers.celery_app import make_app
from madoguchi.workers.settings import load_settings

app = make_app(load_settings())
