"""yuyin.extras: native standard-error output dropped for a while, then back."""

from __future__ import annotations

import os
import threading
import time

from yuyin.extras import native_stderr_dropped


def test_overlapping_drops_give_standard_error_back(capfd) -> None:
    """Two threads loading at once had lost standard error for good: the second saved the
    first's /dev/null as the descriptor to put back, and put it back last (a review's race)."""
    first_in, second_starting = threading.Event(), threading.Event()

    def first() -> None:
        with native_stderr_dropped(True):
            first_in.set()
            second_starting.wait(5)
            time.sleep(0.1)  # the second is inside now, unless it waits its turn
            os.write(2, b"advice\n")

    def second() -> None:
        first_in.wait(5)
        second_starting.set()
        with native_stderr_dropped(True):
            time.sleep(0.2)  # leaves after the first

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"
    with native_stderr_dropped(False):  # off: nothing is dropped
        os.write(2, b"kept\n")
    assert capfd.readouterr().err == "kept\n"
