"""A deadline for a whole conversation with another server, not only for each wait in it.

A socket timeout bounds one wait: a server that never answers trips it, but one that trickles a
byte every few seconds never does, and would hold a worker for as long as it likes. A
:func:`deadline` starts a timer that shuts the socket down when the time is up; the call blocked
on it then fails at once with the error a dropped connection gives (an ``OSError`` or an early
end of the answer), which callers already treat as a transient failure to retry later.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def deadline(seconds: float, current_socket: Callable[[], socket.socket | None]) -> Iterator[threading.Event]:
    """Within the block, ``current_socket()`` is shut down after ``seconds``; yields an event set when time is up.

    ``current_socket`` is asked when the time is up, so the block may open its connection itself;
    one still being opened then (no socket yet) is cut as soon as it has one.
    """
    done, expired = threading.Event(), threading.Event()

    def watch() -> None:
        if done.wait(seconds):
            return
        expired.set()
        while (sock := current_socket()) is None:
            if done.wait(0.05):
                return
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    threading.Thread(target=watch, name="skm-deadline", daemon=True).start()
    try:
        yield expired
    finally:
        done.set()
