"""The gunicorn worker production uses (gunicorn.conf.py): gthread that leaves new connections to a
worker with a free thread.

Stock gthread accepts whenever its event loop gets to run, busy or not, and a kept-alive connection
stays with the worker that accepted it. With a few long-lived connections (a load balancer's, or
Alexa's own) one worker can end up with most of them while another idles: under 16 busy
connections we saw splits from 11/5 to 16/0 between two workers, and the requests on the crowded
worker wait in its queue.

Here a worker whose threads are all busy stops listening, so a worker that can serve a new
connection at once picks it up from the listen backlog. A busy worker still looks at the backlog
every few milliseconds, and takes a connection once it has found one waiting at four looks in a
row: when every worker is busy, a new connection waits about 20 ms instead of waiting for one of
them to run dry, which under steady load may be never. (Two looks were not enough: quick clients
one after another can each sit in the backlog for a moment just as the busy worker looks, and one
of them then waited behind a slow request while the other worker was free.)

It builds on gthread's event-loop hooks as they are from gunicorn 24.1 on (requirements.txt pins
the range; tests/test_serving.py checks the behaviour under the real server).
"""
from __future__ import annotations

import select
import time

from gunicorn.workers.gthread import ThreadWorker

# A busy worker looks at the backlog at most this often, and takes a connection when it has seen
# one waiting this many looks in a row (so about 20 ms while every thread of every worker is busy).
BUSY_WORKER_LOOKS_EVERY_S = 0.005
BUSY_WORKER_TAKES_AFTER_LOOKS = 4


class FreeThreadWorker(ThreadWorker):
    """gthread that takes new connections while a thread is free, and now and then when not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy_threads = 0       # connections handed to the pool and not yet back (event loop only)
        self._looked_at = 0.0       # when this worker, busy, last listened for new connections
        self._seen_waiting = 0      # looks in a row, while busy, that found a connection waiting
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
        busy = self.busy_threads >= self.cfg.threads
        if not busy:
            self._seen_waiting = 0              # a count from an earlier busy spell means nothing now
        self._looking = busy and self._backlog_left_waiting()
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
        """Whether connections have been waiting in the backlog at every look for a while: no free
        worker comes for them, so this one takes one."""
        now = time.monotonic()
        if now - self._looked_at < BUSY_WORKER_LOOKS_EVERY_S:
            return False
        self._looked_at = now
        if self._backlog is None:           # the listeners are this worker's from here on
            self._backlog = select.poll()
            for listener in self.sockets:
                self._backlog.register(listener, select.POLLIN)
        self._seen_waiting = self._seen_waiting + 1 if self._backlog.poll(0) else 0
        if self._seen_waiting < BUSY_WORKER_TAKES_AFTER_LOOKS:
            return False
        self._seen_waiting = 0
        return True

    def _update_accepting(self) -> None:
        if self.alive:              # a stopping worker has stopped listening for good
            self.set_accept_enabled(self.nr_conns < self.worker_connections)
