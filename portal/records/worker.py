"""The RQ worker class the deployment runs (``rq worker --worker-class ...``).

RQ forks a work horse for every job (renders and imports). Building the portal and
importing the PDF renderer takes seconds, so the worker does it once, before any fork:
each horse inherits them.
"""
from rq import Worker

from portal import jobs


class PortalWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.records import rendering  # noqa: F401  (WeasyPrint, before any fork)

        jobs.worker_app()
