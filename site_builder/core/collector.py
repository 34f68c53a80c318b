"""The garbage collector's pace while a site is built (see fewer_collections).

Apart from the build module so that the command line can set it before it imports the
build's modules: a rebuild after one edit spends a fifth of its time importing, and at
the default pace the collector passes over the objects imports make a dozen times.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BUILD_PACE = 200_000
"""How many more objects the collector tracks than at its last pass before it passes
over the young ones again, while a site is built. A young pass visits every young
object and all it holds, ~0.2 microseconds each here, so its cost grows with this
number; what it finds is little (a build makes few reference cycles). At 50,000 (rounds
five to twelve) each process of a two-job cold build of BASIL passed twice, 7-16 ms
each, over the word caches and story data grown since the fork; at 200,000 a process
building 50 or 100 of its stories passes not once (docs/scaling.md, round thirteen).
A larger site's processes pass as often as their caches and stories grow past it."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Let Python's garbage collector pass less often while a site is built (the worker
    processes it forks inherit this): a build makes millions of small objects and few
    reference cycles, and at the default pace the collector's passes over them took a
    tenth of a cold build's CPU. The pace is set back after the build."""
    saved = gc.get_threshold()
    gc.set_threshold(BUILD_PACE, 50, 50)
    try:
        yield
    finally:
        age_young_objects()
        gc.set_threshold(*saved)


def age_young_objects() -> None:
    """Move every object the collector tracks into its oldest generation, without a pass
    over them. Done twice in a build:
    - after it (fewer_collections): at the build's pace tens of thousands of young
      objects wait for their first pass; at the default pace set back after it, the next
      allocation would start that pass: 10-15 ms at the end of a rebuild after one edit,
      on its critical path, most often in a process that ends right after (the objects
      of a long-running one, `serve`, are looked at by the oldest generation's passes);
    - before worker processes are forked: a forked worker shares the build's memory
      until it writes to it, and a pass of the collector over an object writes to it, so
      each young object inherited (the modules' and templates' made just before) cost
      the worker a copy of its page at its first young pass. In the oldest generation,
      whose passes a build's pace does not reach, they stay shared: about 1,800 page
      faults fewer in a cold build of BASIL with two processes."""
    gc.freeze()  # all generations into the permanent one (and the young count to 0)
    gc.unfreeze()  # and back, into the oldest
