"""The vocabulary of pickers: a choice, a picker (what it lists and how it reads it), its result."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

ClientT = TypeVar("ClientT")


@dataclass(frozen=True)
class Choice:
    """One code a field may take (`value`, what is stored) and how a person recognises it."""

    value: str
    label: str = ""

    @property
    def display(self) -> str:
        return f"{self.value} - {self.label}" if self.label and self.label != self.value else self.value


class PickerSession(Generic[ClientT]):
    """One open client shared by every picker of a system during one load, with a memo so two
    pickers reading the same list (payment methods and their cash accounts) read it once."""

    def __init__(self, client: ClientT) -> None:
        self.client = client
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, read: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = read()
        return self._memo[key]


@dataclass(frozen=True)
class Picker:
    """A list of codes read from a live system.

    `name` is the stable key forms use (`acumatica.warehouses`); `label` reads in a sentence
    ("Acumatica warehouses"); `source` says where the codes come from (shown in the README and
    the admin's help); `load` reads them through an open session.
    """

    name: str
    system: str
    label: str
    source: str
    load: Callable[[PickerSession[Any]], Iterable[Choice]]


@dataclass(frozen=True)
class PickerResult:
    """What a picker found: its choices, or the one-line reason it could not read them."""

    picker: str
    choices: tuple[Choice, ...] = ()
    error: str = ""
    cause: str = ""
    fetched_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def values(self) -> list[str]:
        return [choice.value for choice in self.choices]

    def as_cache(self) -> dict[str, Any]:
        return {
            "choices": [(choice.value, choice.label) for choice in self.choices],
            "error": self.error,
            "cause": self.cause,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
        }

    @classmethod
    def from_cache(cls, picker: str, data: dict[str, Any]) -> PickerResult:
        fetched = data.get("fetched_at")
        return cls(
            picker,
            tuple(Choice(str(value), str(label)) for value, label in data.get("choices") or ()),
            str(data.get("error") or ""),
            str(data.get("cause") or ""),
            datetime.fromisoformat(fetched) if fetched else None,
        )
