"""Flows by (entity, direction), and the order they run in.

Adding an entity means adding a module under `sync/flows/` with a `Flow` subclass decorated with
`@register`; every module of this package is imported on first use of the registry, so neither
the loop nor this file changes.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sync.flows.base import Change, Dependency, Flow, Outcome, OutcomeKind

__all__ = [
    "Change",
    "Dependency",
    "Flow",
    "FlowRegistryError",
    "Outcome",
    "OutcomeKind",
    "all_flows",
    "flow_order",
    "get_flow",
    "register",
    "temporary_flows",
]

F = TypeVar("F", bound=type[Flow])


class FlowRegistryError(Exception):
    """Two flows for one (entity, direction), or a dependency cycle."""


_flows: dict[tuple[str, str], Flow] = {}
_discovered = False
_lock = threading.Lock()


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def register(flow_class: F) -> F:
    """Class decorator: make `flow_class` the flow of its (entity, direction)."""
    key = (str(flow_class.entity), str(flow_class.direction))
    existing = _flows.get(key)
    # The same class imported twice (a reloaded module) may register again; a second class may not.
    if existing is not None and _qualified(type(existing)) != _qualified(flow_class):
        raise FlowRegistryError(
            f"{flow_class.__name__} and {type(existing).__name__} both claim {key[0]} {key[1]}."
        )
    _flows[key] = flow_class()
    return flow_class


def unregister(entity: str, direction: str) -> None:
    """Remove a flow (tests register throw-away flows)."""
    _flows.pop((entity, direction), None)


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        for module in pkgutil.iter_modules(__path__):
            if module.name != "base" and not module.name.startswith("_"):
                importlib.import_module(f"{__name__}.{module.name}")
        _discovered = True


def get_flow(entity: str, direction: str) -> Flow | None:
    _discover()
    return _flows.get((str(entity), str(direction)))


def all_flows() -> list[Flow]:
    """Every registered flow, dependencies first."""
    _discover()
    return flow_order(_flows.values())


def flow_order(flows: Iterable[Flow]) -> list[Flow]:
    """Order flows so each comes after the flows of the entities it depends on (same direction).

    Ties keep the registration order, so the result is stable from run to run.
    """
    pending = list(flows)
    by_entity: dict[tuple[str, str], Flow] = {(f.entity, str(f.direction)): f for f in pending}
    ordered: list[Flow] = []
    placed: set[tuple[str, str]] = set()
    while pending:
        progressed = False
        for flow in list(pending):
            needs = {
                (dep, str(flow.direction))
                for dep in flow.depends_on
                if (dep, str(flow.direction)) in by_entity
            }
            if needs <= placed:
                ordered.append(flow)
                placed.add((flow.entity, str(flow.direction)))
                pending.remove(flow)
                progressed = True
        if not progressed:
            names = ", ".join(f"{f.entity} {f.direction}" for f in pending)
            raise FlowRegistryError(f"Flows depend on each other in a cycle: {names}.")
    return ordered


@contextmanager
def temporary_flows(*flow_classes: type[Flow]) -> Iterator[None]:
    """Run a block with exactly these flows registered (tests and experiments), then restore."""
    _discover()
    saved = dict(_flows)
    _flows.clear()
    try:
        for flow_class in flow_classes:
            _flows[(str(flow_class.entity), str(flow_class.direction))] = flow_class()
        yield
    finally:
        _flows.clear()
        _flows.update(saved)
