"""`$filter` in the OData v3 URI conventions Acumatica's contract-based API accepts.

Operators `eq ne gt ge lt le and or not`, parentheses, functions `substringof`, `startswith`,
`endswith`, `tolower`, `toupper`, `trim`, `length`, custom-field accessors `cf.String(f='View.Field')`
(and `cf.Decimal`, `cf.Int`, `cf.Boolean`, `cf.DateTime`, `cf.Guid`), literals `'text'` (quote
doubled inside), numbers (`10`, `1.5`, `0M`, `2.5m`), `true`, `false`, `null`,
`datetimeoffset'...'`, `datetime'...'`, `date'...'`, `guid'...'`, and field paths through linked
entities (`MainContact/Email`). Strings compare case-insensitively and ignore trailing blanks, as
SQL Server's default collation does.

The parser builds a small tree; `evaluate` runs it against a record through a resolver callback,
so this module knows nothing about entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..values import ConversionError, parse_datetime


class FilterError(ValueError):
    """A `$filter` that cannot be parsed or refers to something that does not exist."""


@dataclass(frozen=True)
class Literal:
    value: Any


@dataclass(frozen=True)
class Path:
    path: str  # "Field" or "Linked/Field"


@dataclass(frozen=True)
class Custom:
    type: str  # "String", "Decimal", ...
    view: str
    field: str


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Compare:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class Logical:
    op: str  # "and" | "or"
    left: Any
    right: Any


@dataclass(frozen=True)
class Not:
    operand: Any


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<typed>(?:datetimeoffset|datetime|date|guid|time)'(?:[^']|'')*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?)
  | (?P<punct>[(),=])
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:[./][A-Za-z_][A-Za-z0-9_]*)*)
    """,
    re.VERBOSE,
)
COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")
FUNCTIONS = {
    "substringof": 2,
    "startswith": 2,
    "endswith": 2,
    "tolower": 1,
    "toupper": 1,
    "trim": 1,
    "length": 1,
}
CUSTOM_ACCESSORS = {
    "cf.string": "String",
    "cf.decimal": "Decimal",
    "cf.int": "Int",
    "cf.short": "Short",
    "cf.long": "Long",
    "cf.boolean": "Boolean",
    "cf.bool": "Boolean",
    "cf.datetime": "DateTime",
    "cf.guid": "Guid",
    "cf.double": "Double",
}


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FilterError(f"Unexpected character '{text[position]}' at position {position} of $filter.")
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append((kind, match.group()))
        position = match.end()
    return tokens


def _typed_literal(token: str) -> Any:
    prefix, _, quoted = token.partition("'")
    body = quoted[:-1].replace("''", "'")
    if prefix in ("datetimeoffset", "datetime", "date"):
        try:
            return parse_datetime(body)
        except ConversionError:
            raise FilterError(f"The literal {token} is not a valid date.") from None
    return body  # guid, time: compared as text


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FilterError("Unexpected end of $filter.")
        self.position += 1
        return token

    def expect(self, value: str) -> None:
        _, text = self.take()
        if text != value:
            raise FilterError(f"Expected '{value}' in $filter but found '{text}'.")

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token[0] == "name" and token[1].lower() == word:
            self.position += 1
            return True
        return False

    def parse(self) -> Any:
        node = self.parse_or()
        if self.peek() is not None:
            raise FilterError(f"Unexpected '{self.peek()[1]}' in $filter.")  # type: ignore[index]
        return node

    def parse_or(self) -> Any:
        node = self.parse_and()
        while self.keyword("or"):
            node = Logical("or", node, self.parse_and())
        return node

    def parse_and(self) -> Any:
        node = self.parse_not()
        while self.keyword("and"):
            node = Logical("and", node, self.parse_not())
        return node

    def parse_not(self) -> Any:
        if self.keyword("not"):
            return Not(self.parse_not())
        return self.parse_comparison()

    def parse_comparison(self) -> Any:
        left = self.parse_primary()
        token = self.peek()
        if token is not None and token[0] == "name" and token[1].lower() in COMPARISONS:
            self.position += 1
            return Compare(token[1].lower(), left, self.parse_primary())
        return left

    def parse_primary(self) -> Any:
        kind, text = self.take()
        if text == "(":
            node = self.parse_or()
            self.expect(")")
            return node
        if kind == "string":
            return Literal(text[1:-1].replace("''", "'"))
        if kind == "typed":
            return Literal(_typed_literal(text))
        if kind == "number":
            digits = text.rstrip("mMdDfFlL")
            return Literal(Decimal(digits))
        if kind != "name":
            raise FilterError(f"Unexpected '{text}' in $filter.")
        lowered = text.lower()
        if lowered in ("true", "false"):
            return Literal(lowered == "true")
        if lowered == "null":
            return Literal(None)
        nxt = self.peek()
        if nxt is not None and nxt[1] == "(":
            return self.parse_call(text)
        return Path(text)

    def parse_call(self, name: str) -> Any:
        self.expect("(")
        lowered = name.lower()
        if lowered in CUSTOM_ACCESSORS:
            kind, word = self.take()
            if word.lower() != "f":
                raise FilterError(f"{name}() takes f='View.Field'.")
            self.expect("=")
            kind, quoted = self.take()
            if kind != "string":
                raise FilterError(f"{name}() takes f='View.Field'.")
            view, _, field = quoted[1:-1].partition(".")
            if not view or not field:
                raise FilterError(f"{name}() takes f='View.Field'.")
            self.expect(")")
            return Custom(CUSTOM_ACCESSORS[lowered], view, field)
        if lowered not in FUNCTIONS:
            raise FilterError(f"Unknown function '{name}' in $filter.")
        args = [self.parse_or()]
        while self.peek() is not None and self.peek()[1] == ",":  # type: ignore[index]
            self.position += 1
            args.append(self.parse_or())
        self.expect(")")
        if len(args) != FUNCTIONS[lowered]:
            raise FilterError(f"{name}() takes {FUNCTIONS[lowered]} argument(s).")
        return Call(lowered, tuple(args))


def parse_filter(text: str) -> Any:
    """The expression tree of a `$filter` value (raises FilterError)."""
    if not text.strip():
        raise FilterError("The $filter is empty.")
    return _Parser(text).parse()


def paths_of(node: Any) -> list[Path]:
    """Every field path the expression reads (validated by the caller against the entity)."""
    if isinstance(node, Path):
        return [node]
    if isinstance(node, Compare | Logical):
        return paths_of(node.left) + paths_of(node.right)
    if isinstance(node, Not):
        return paths_of(node.operand)
    if isinstance(node, Call):
        return [p for arg in node.args for p in paths_of(arg)]
    return []


Resolver = Callable[[Any], Any]  # Path or Custom -> the record's internal value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _normalize(left: Any, right: Any) -> tuple[Any, Any]:
    """Bring two operands to one comparable type (the record's type wins)."""
    if isinstance(left, datetime) or isinstance(right, datetime):
        try:
            left = left if isinstance(left, datetime) or left is None else parse_datetime(left)
            right = right if isinstance(right, datetime) or right is None else parse_datetime(right)
        except ConversionError:
            raise FilterError("A date is compared with a value that is not a date.") from None
        return left, right
    if isinstance(left, bool) or isinstance(right, bool):
        return left, right
    if isinstance(left, int | float | Decimal) or isinstance(right, int | float | Decimal):
        try:
            return (
                None if left is None else Decimal(str(left)),
                None if right is None else Decimal(str(right)),
            )
        except ArithmeticError:
            raise FilterError("A number is compared with a value that is not a number.") from None
    if isinstance(left, str) and isinstance(right, str):
        return left.rstrip().lower(), right.rstrip().lower()
    return left, right


def _compare(op: str, left: Any, right: Any) -> bool:
    left, right = _normalize(left, right)
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if left is None or right is None:
        return False
    try:
        return {
            "gt": left > right,
            "ge": left >= right,
            "lt": left < right,
            "le": left <= right,
        }[op]
    except TypeError:
        raise FilterError(f"The operator '{op}' cannot compare these values.") from None


def evaluate(node: Any, resolve: Resolver) -> Any:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Path | Custom):
        return resolve(node)
    if isinstance(node, Logical):
        left = bool(evaluate(node.left, resolve))
        if node.op == "and":
            return left and bool(evaluate(node.right, resolve))
        return left or bool(evaluate(node.right, resolve))
    if isinstance(node, Not):
        return not bool(evaluate(node.operand, resolve))
    if isinstance(node, Compare):
        return _compare(node.op, evaluate(node.left, resolve), evaluate(node.right, resolve))
    if isinstance(node, Call):
        args = [evaluate(arg, resolve) for arg in node.args]
        if node.name == "substringof":
            return _text(args[0]).lower() in _text(args[1]).lower()
        if node.name == "startswith":
            return _text(args[0]).lower().startswith(_text(args[1]).lower())
        if node.name == "endswith":
            return _text(args[0]).rstrip().lower().endswith(_text(args[1]).lower())
        if node.name == "tolower":
            return _text(args[0]).lower()
        if node.name == "toupper":
            return _text(args[0]).upper()
        if node.name == "trim":
            return _text(args[0]).strip()
        if node.name == "length":
            return len(_text(args[0]))
    raise FilterError("Unsupported expression in $filter.")
