"""Working within the interpreter's limits, where LibCST and ``ast`` meet them.

Two limits of CPython cost toolcfg dearly on real code. Its cycle collector walks every
object alive whenever enough new ones appear: the trees ``ast`` and LibCST build and the
summaries the cache decodes are tens of thousands of objects with no cycle among them, so
collecting while building them was a third of the time. And LibCST's native parser recurses
on the C stack: a 10,000-term expression that CPython compiles overflows a default thread's
stack and kills the process (LibCST#619); on a larger one it gets far enough to raise a
``RecursionError``, which is reported. Every tier imports this module, which imports none.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from typing import Callable, Iterator, List, TypeVar

_T = TypeVar("_T")

#: The stack of a thread that parses: enough for LibCST to raise instead of crashing.
LARGE_STACK = 512 * 1024 * 1024


@contextlib.contextmanager
def collector_held() -> Iterator[None]:
    """Python's cycle collector held off while a tree or a summary is built, walked or
    written; what garbage there is, is collected once it runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def on_large_stack(work: Callable[[], _T], name: str = "toolcfg-parse") -> _T:
    """``work()`` on a thread with a large stack; its exception is raised here."""
    outcome: List[_T] = []
    failure: List[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the caller
            failure.append(error)

    previous = threading.stack_size(LARGE_STACK)
    try:
        worker = threading.Thread(target=run, name=name)
        worker.start()
    finally:
        threading.stack_size(previous)
    worker.join()
    if failure:
        raise failure[0]
    return outcome[0]
