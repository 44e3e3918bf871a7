"""The RQ worker class the deployment runs (``rq worker --worker-class ...``).

RQ forks a work horse for every job. Building the portal and importing the PDF renderer
takes seconds, so the worker does it once, before any fork: each horse inherits them.
"""
from rq import Worker

from portal.records import tasks


class PortalWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tasks.preload_worker_app()
