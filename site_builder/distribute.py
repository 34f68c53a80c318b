"""Build stories on a dask.distributed cluster instead of local processes.

Stories are independent units (see build.py), so any executor can run them; this module
only connects to a cluster and hands build() its executor. It needs the optional extra
(`pip install 'site-builder[dask]'`), site-builder installed on every worker, and the
site's folder at the same path on every worker (a shared file system).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

from site_builder.errors import SiteError

CONNECT_TIMEOUT = 10
"""Seconds to wait for the scheduler before giving up."""


@contextmanager
def dask_executor(address: str) -> Iterator[Executor]:
    """An executor that runs work on the dask.distributed scheduler at `address`
    (e.g. tcp://10.0.0.5:8786), for as long as the `with` block lasts."""
    try:
        from distributed import Client
    except ImportError:
        raise SiteError("--dask needs the dask extra: pip install 'site-builder[dask]'") from None
    from distributed.comm.addressing import parse_address, parse_host_port

    try:  # first: a Client made from an address it cannot read fails, then stops the
        scheme, where = parse_address(address)  # process 20 s later with a traceback
        if scheme in ("tcp", "tls", "ws", "wss", "ucx"):  # (inproc:// has no port)
            parse_host_port(where)
    except (ValueError, TypeError) as exc:
        raise SiteError(
            f"--dask {address!r} is not a scheduler address ({exc}); write it as "
            "tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"
        ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SiteError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    with client:
        yield client.get_executor()
