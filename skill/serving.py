"""The gunicorn worker production uses (gunicorn.conf.py): gthread, taking a connection only when
one of its threads is free.

Stock gthread accepts whenever its event loop gets to run, busy or not, and a kept-alive connection
stays with the worker that accepted it. With a few long-lived connections (a load balancer's, or
Alexa's own) one worker can end up with most of them while another idles: under 16 busy
connections we saw splits from 16/0 to 11/5 between two workers, and the requests on the crowded
worker wait in its queue. Here a worker with every thread busy leaves new connections in the
listen backlog, where a worker that can serve them at once picks them up, so connections spread by
how busy each worker is.

It relies on gthread's event-loop hooks as they are from gunicorn 24.1 on (requirements.txt pins
the range; tests/test_serving.py checks the behaviour under the real server).
"""
from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker


class FreeThreadWorker(ThreadWorker):
    """gthread that listens for new connections only while a thread is free to serve one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy_threads = 0       # connections handed to the pool and not yet back (event loop only)

    # Every connection handed to the thread pool comes back through finish_request, on the event
    # loop's thread, once its request (or its wait for one) is over.
    def enqueue_req(self, conn) -> None:
        self.busy_threads += 1
        super().enqueue_req(conn)
        self._update_accepting()

    def finish_request(self, conn, fs) -> None:
        self.busy_threads -= 1
        super().finish_request(conn, fs)
        self._update_accepting()

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled and self.busy_threads < self.cfg.threads)

    def _update_accepting(self) -> None:
        if self.alive:              # a stopping worker has stopped listening for good
            self.set_accept_enabled(self.nr_conns < self.worker_connections)
