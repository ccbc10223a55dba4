"""The gunicorn worker production uses (gunicorn.conf.py): gthread that leaves new connections to a
worker with a free thread.

Stock gthread accepts whenever its event loop gets to run, busy or not, and a kept-alive connection
stays with the worker that accepted it. With a few long-lived connections (a load balancer's, or
Alexa's own) one worker can end up with most of them while another idles: under 16 busy
connections we saw splits from 11/5 to 16/0 between two workers, and the requests on the crowded
worker wait in its queue.

Here a worker whose threads are all busy stops listening, so a worker that can serve a new
connection at once picks it up from the listen backlog. A busy worker still looks at the backlog
every few milliseconds, and takes a connection it finds there twice in a row: when every worker is
busy, a new connection waits about 10 ms instead of waiting for one of them to run dry, which
under steady load may be never.

It builds on gthread's event-loop hooks as they are from gunicorn 24.1 on (requirements.txt pins
the range; tests/test_serving.py checks the behaviour under the real server).
"""
from __future__ import annotations

import select
import time

from gunicorn.workers.gthread import ThreadWorker

# How long a new connection may wait in the backlog while every thread of every worker is busy.
BUSY_WORKER_LOOKS_EVERY_S = 0.005


class FreeThreadWorker(ThreadWorker):
    """gthread that takes new connections while a thread is free, and now and then when not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy_threads = 0       # connections handed to the pool and not yet back (event loop only)
        self._looked_at = 0.0       # when this worker, busy, last listened for new connections
        self._saw_waiting = False   # a connection was in the backlog when it last looked
        self._looking = False       # listening although busy, for one wait of the event loop
        self._backlog = None        # select.poll() of the listeners, for looking without accepting

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

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        if not self.alive:
            return super().wait_for_and_dispatch_events(timeout)
        self._looking = self.busy_threads >= self.cfg.threads and self._backlog_left_waiting()
        self._update_accepting()
        if not self._accepting:                 # wake up in time to look at the backlog again
            timeout = min(timeout, BUSY_WORKER_LOOKS_EVERY_S)
        try:
            super().wait_for_and_dispatch_events(timeout)
        finally:
            self._looking = False

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled and (self.busy_threads < self.cfg.threads or self._looking))

    def _backlog_left_waiting(self) -> bool:
        """Whether a connection has waited in the backlog since this worker last looked, a few
        milliseconds ago: no free worker came for it, so this one takes it."""
        now = time.monotonic()
        if now - self._looked_at < BUSY_WORKER_LOOKS_EVERY_S:
            return False
        self._looked_at = now
        if self._backlog is None:           # the listeners are this worker's from here on
            self._backlog = select.poll()
            for listener in self.sockets:
                self._backlog.register(listener, select.POLLIN)
        waiting = bool(self._backlog.poll(0))
        left_waiting = waiting and self._saw_waiting
        self._saw_waiting = waiting and not left_waiting
        return left_waiting

    def _update_accepting(self) -> None:
        if self.alive:              # a stopping worker has stopped listening for good
            self.set_accept_enabled(self.nr_conns < self.worker_connections)
