"""How the simulator describes a contract-based entity: fields, keys, views and actions.

The definitions are our own (a subset of each entity's contract, written by hand from the
reference), stated in a compact text form so that a whole entity reads like the contract table of
the reference: `Name:Type` tokens, `Entity` for a linked entity, `Entity[]` for a detail
collection, `@24` for a field that exists from endpoint 24.200.001 on, `=meta` for a field whose
value the system maintains (last modified, created, note id) and the client cannot set.
Everything else (rendering, `$filter`, PUT, `$adHocSchema`, swagger) is generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERSIONS = ("23.200.001", "24.200.001")
SCALAR_TYPES = ("String", "Decimal", "Double", "Int", "Short", "Long", "Byte", "Boolean", "DateTime", "Guid")
META_SOURCES = ("modified", "created", "noteid")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: str  # a scalar type name, or the name of the linked/detail entity
    kind: str  # "scalar" | "linked" | "detail"
    since: str | None = None  # first endpoint version that has the field
    meta: str | None = None  # system-maintained source ("modified", "created", "noteid")
    choices: tuple[str, ...] = ()  # allowed display values of a drop-down

    def exists_in(self, version: str) -> bool:
        return self.since is None or version_key(version) >= version_key(self.since)

    @property
    def value_type(self) -> str:
        """The swagger value schema name (`StringValue`...) of a scalar field."""
        return f"{self.type}Value"


@dataclass(frozen=True)
class ActionDef:
    name: str
    parameters: dict[str, str] = field(default_factory=dict)  # name -> scalar type
    since: str | None = None

    def exists_in(self, version: str) -> bool:
        return self.since is None or version_key(version) >= version_key(self.since)


@dataclass(frozen=True)
class EntityDef:
    """One contract entity (top level, linked or detail)."""

    name: str
    fields: dict[str, FieldDef]
    keys: tuple[str, ...] = ()
    screen: str = ""
    title: str = ""
    graph: str = ""  # graph type used in `files:put` links
    view: str = ""  # the primary data view (custom fields, `files:put` links)
    views: tuple[str, ...] = ()  # every view whose fields may carry custom fields
    sub_views: dict[str, str] = field(default_factory=dict)  # "Details" -> "Transactions"
    top_level: bool = False
    inquiry: bool = False
    actions: tuple[ActionDef, ...] = ()
    custom_actions: tuple[str, ...] = ()  # workflow actions reachable by `/{Entity}/{actionName}`

    def fields_in(self, version: str) -> dict[str, FieldDef]:
        return {name: f for name, f in self.fields.items() if f.exists_in(version)}

    def field(self, name: str, version: str) -> FieldDef | None:
        """The field `name` (case-insensitive, as Acumatica matches names) in `version`."""
        found = self.fields.get(name)
        if found is None:
            lowered = name.lower()
            found = next((f for n, f in self.fields.items() if n.lower() == lowered), None)
        if found is None or not found.exists_in(version):
            return None
        return found

    def actions_in(self, version: str) -> tuple[ActionDef, ...]:
        return tuple(a for a in self.actions if a.exists_in(version))

    def action(self, name: str, version: str) -> ActionDef | None:
        return next((a for a in self.actions_in(version) if a.name.lower() == name.lower()), None)


def parse_fields(spec: str, choices: dict[str, tuple[str, ...]] | None = None) -> dict[str, FieldDef]:
    """Parse `Name:Type[@ver][=meta]` tokens separated by whitespace."""
    choices = choices or {}
    fields: dict[str, FieldDef] = {}
    for token in spec.split():
        name, _, rest = token.partition(":")
        meta = None
        if "=" in rest:
            rest, meta = rest.split("=", 1)
            if meta not in META_SOURCES:
                raise ValueError(f"unknown meta source {meta!r} in {token!r}")
        since = None
        if "@" in rest:
            rest, major = rest.split("@", 1)
            since = f"{major}.200.001"
        if rest.endswith("[]"):
            kind, type_name = "detail", rest[:-2]
        elif rest in SCALAR_TYPES:
            kind, type_name = "scalar", rest
        else:
            kind, type_name = "linked", rest
        fields[name] = FieldDef(name, type_name, kind, since, meta, choices.get(name, ()))
    return fields


def entity(
    name: str,
    spec: str,
    *,
    keys: tuple[str, ...] = (),
    screen: str = "",
    title: str = "",
    graph: str = "",
    view: str = "",
    views: tuple[str, ...] = (),
    sub_views: dict[str, str] | None = None,
    top_level: bool = True,
    inquiry: bool = False,
    actions: tuple[ActionDef, ...] = (),
    custom_actions: tuple[str, ...] = (),
    choices: dict[str, tuple[str, ...]] | None = None,
) -> EntityDef:
    return EntityDef(
        name=name,
        fields=parse_fields(spec, choices),
        keys=keys,
        screen=screen,
        title=title,
        graph=graph,
        view=view,
        views=views or ((view,) if view else ()),
        sub_views=sub_views or {},
        top_level=top_level,
        inquiry=inquiry,
        actions=actions,
        custom_actions=custom_actions,
    )


def detail(
    name: str,
    spec: str,
    *,
    keys: tuple[str, ...] = (),
    choices: dict[str, tuple[str, ...]] | None = None,
) -> EntityDef:
    """A linked or detail entity type. `keys` are the fields that identify a detail row when a
    PUT sends it without `id`; the views of its custom fields depend on the parent
    (`EntityDef.sub_views` of the top-level entity)."""
    return entity(name, spec, keys=keys, top_level=False, choices=choices)
