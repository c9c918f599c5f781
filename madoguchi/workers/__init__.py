"""The composition root: settings, the Celery app and its job shells, the pipeline, the CLI."""
