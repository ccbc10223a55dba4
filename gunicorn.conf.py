"""Production serving: gunicorn -c gunicorn.conf.py 'skill.app:create_app()'

Instances keep no state of their own (memory lives in the database, audio in a cache any
instance can rebuild, or on a CDN), so more capacity means more instances behind a load balancer.
"""
import os

bind = os.environ.get("SKILL_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("SKILL_WORKERS", "2"))          # one per core is a good start
# Requests are CPU-bound (measured with `make benchmark ARGS=webhook`): more threads per worker only
# spread latency under the GIL. 2 gave +15% (SQLite) to +40% (PostgreSQL) requests/s and a far lower
# p99 than 8; consider 4 when PostgreSQL is on another host and round trips dominate.
threads = int(os.environ.get("SKILL_THREADS", "2"))
# gthread, except that a busy worker leaves new connections to one with a free thread (and takes
# them only once they have waited a few ms), so kept-alive connections spread over the workers by
# load instead of staying wherever they first landed (skill/serving.py).
worker_class = "skill.serving.FreeThreadWorker"
timeout = 30            # Alexa gives up after about 8 s; a stuck worker is recycled well before harm
graceful_timeout = 10
keepalive = 5
accesslog = "-"
# One line per request. For Alexa requests it ends with the skill's summary (request id, type,
# intent), so the skill writes no line of its own. No query strings, bodies or user ids.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms %({skill.request}e)s'
os.environ.setdefault("SKILL_REQUEST_LOG", "access")


def post_worker_init(worker):
    """Each worker looks hourly whether expired history is due its daily sweep; one sweeps per
    database (skill/store/sweeper.py)."""
    from skill.store.sweeper import start_sweeper_for

    start_sweeper_for(worker.wsgi)
