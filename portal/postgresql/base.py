"""PostgreSQL as Django's backend has it, with a watchdog on every round trip (see portal.db).

Django's own checks of a kept connection (`is_usable`) and its set-up queries bypass execute
wrappers, so they get the same watchdog here: a hung server cannot hold a request longer
than the timeouts, however the connection is used.
"""

import threading

from django.conf import settings
from django.db.backends.postgresql import base

from portal.db import cut, watchdog


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(watchdog)

    def _guarded(self, seconds, method, *args):
        timer = threading.Timer(seconds, cut, args=(self.connection,))
        timer.daemon = True
        timer.start()
        try:
            return method(*args)
        finally:
            timer.cancel()

    def is_usable(self):
        return self._guarded(settings.HEALTH_TIMEOUT, super().is_usable)

    def init_connection_state(self):
        return self._guarded(settings.DB_QUERY_TIMEOUT, super().init_connection_state)
