"""Where the per-document work runs: processes on this machine, or Ray Data.

An engine maps a function over items and yields the results *in item order*, whatever
order the workers finish in; the functions are pure (`work`), so the engine changes how
fast a corpus is done, never what it gives.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Protocol, TypeVar

from ..errors import DedupeError

T = TypeVar("T")
R = TypeVar("R")

#: Items per round trip to a local worker: fewer messages than one each, small enough that
#: the last batches of a pass keep both workers busy. Never changes the output.
BATCH_ITEMS = 8
#: Batches in flight per local worker (the results wait in order, memory stays bounded).
BATCHES_PER_WORKER = 4
#: Items per Ray Data execution: how many inputs (and their results) the driver holds at once.
RAY_CHUNK_ITEMS = 2000
#: The same for heavy items (a cluster to merge carries all its members' documents: at
#: 2000 a chunk held every merge of a 20,000-post corpus, a few hundred MB).
RAY_HEAVY_CHUNK_ITEMS = 128


class EngineError(DedupeError):
    """The engine cannot start (Ray not installed, no cluster at the address)."""

    exit_code = 2


class Engine(Protocol):
    name: str

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, heavy: bool = False) -> Iterator[R]: ...

    def close(self) -> None: ...


def _ignore_sigint() -> None:
    # The main process handles Ctrl-C and stops the pool; a worker's own traceback helps nobody.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalEngine:
    """`jobs` worker processes (1: everything in this process)."""

    name = "local"

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, heavy: bool = False) -> Iterator[R]:
        """`fn` over `items`, in order; `heavy` items (seconds each, such as a cluster to merge)
        go one per round trip, so that no worker waits at the end for another's batch."""
        if self.jobs == 1:
            yield from map(fn, items)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_ignore_sigint)
        window: deque[Future[list[R]]] = deque()
        for batch in _batches(items, 1 if heavy else BATCH_ITEMS):
            window.append(self._pool.submit(_run_batch, fn, batch))
            if len(window) >= self.jobs * BATCHES_PER_WORKER:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _run_batch(fn: Callable[[T], R], batch: list[T]) -> list[R]:
    return [fn(x) for x in batch]


class RayEngine:
    """Ray Data: a local Ray started here (`address` None, `jobs` CPUs), or a running cluster.

    Items go through Ray Data in chunks of `chunk` (memory stays bounded); each is pickled
    into one column and the results are put back in item order by their position.
    """

    name = "ray"

    def __init__(self, address: str | None = None, jobs: int | None = None, chunk: int = RAY_CHUNK_ITEMS
                 ) -> None:
        try:
            import ray
            import ray.data
        except ImportError:
            raise EngineError("--engine ray needs Ray: pip install 'dedupe-posts[ray]'") from None
        self._ray = ray
        self.chunk = chunk
        self._started = False
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                      "logging_level": "ERROR", "configure_logging": True}
            if address is None:
                kwargs["num_cpus"] = jobs or os.cpu_count() or 1
            try:
                ray.init(address=address, **kwargs)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise EngineError(f"cannot start Ray{f' at {address}' if address else ''}: {exc}") from None
            self._started = True
        # Ray Data logs every execution at INFO on stderr: the command's progress is its own.
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.execution_options.preserve_order = True
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, heavy: bool = False) -> Iterator[R]:
        """`fn` over `items`, in order, `chunk` items per Ray Data execution (fewer when `heavy`)."""
        import ray.data

        def run(batch: dict[str, Any]) -> dict[str, Any]:
            out = [pickle.dumps(fn(pickle.loads(p)), protocol=pickle.HIGHEST_PROTOCOL) for p in batch["p"]]
            return {"i": batch["i"], "r": out}

        for chunk in _batches(items, min(self.chunk, RAY_HEAVY_CHUNK_ITEMS) if heavy else self.chunk):
            rows = [{"i": n, "p": pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL)} for n, x in enumerate(chunk)]
            blocks = min(len(rows), self.cpus * 4)
            ds = ray.data.from_items(rows, override_num_blocks=blocks)
            done = ds.map_batches(run, batch_size=max(1, len(rows) // blocks), batch_format="numpy").take_all()
            results: list[Any] = [None] * len(rows)
            for row in done:
                results[int(row["i"])] = pickle.loads(row["r"])
            yield from results

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False


def make_engine(name: str, *, jobs: int = 1, ray_address: str | None = None) -> LocalEngine | RayEngine:
    """The engine called `name` ("local" or "ray")."""
    if name == "local":
        return LocalEngine(jobs)
    if name == "ray":
        return RayEngine(ray_address, jobs if ray_address is None else None)
    raise EngineError(f"unknown engine {name!r}: use 'local' or 'ray'")


__all__ = ["Engine", "EngineError", "LocalEngine", "RayEngine", "make_engine"]
