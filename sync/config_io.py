"""Configuration export/import: the registry behind `manage.py configure`.

The whole configuration is a JSON document of named *sections*. Each section is registered once,
with three functions:

- ``export() -> value``: the section's current settings as JSON-serialisable data. Secrets are
  shown only as ``"set"`` or ``"unset"`` (`secret_status`), never their values.
- ``import_(value, ctx)``: apply an exported value. Validate first (``full_clean``), then write;
  raise `ConfigError` with a one-line message ``"<section>.<field>: <message>"`` on bad input.
  Secrets in the document are status markers and are left alone; they come from flags.
- ``assign(assignments, ctx)`` (optional): apply ``--set <section>.<path>=<value>`` pairs
  (``[(path, raw_text), ...]``, all of one section at once, so cross-field rules see every new
  value); ``ctx.scope`` is ``"default"`` or the ``--scope`` store view code.

Another app adds its settings to ``configure`` from its ``AppConfig.ready()``::

    from sync.config_io import ConfigSection, register_section

    register_section(ConfigSection("schema", export_schema, import_schema, assign=None, order=50))

Sections run in ``order`` (lower first) for both import and ``--set``. The core sections
(`sync.config_sections`) use 10 setup, 20 store_views, 30 connections, 40 sync, 90 logging.
`apply_configuration` runs everything in one transaction: an error anywhere rolls back everything,
so nothing is ever half-applied. The helpers below (`export_fields`, `apply_json_values`,
`apply_raw_values`, `save_validated`) give model-backed sections the same parsing and the same
validation messages as the admin forms (both go through the model's validators and ``clean()``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from sync.fields import CodeListField, parse_code_list

DOCUMENT_FORMAT = "acmconnector-configuration"
DOCUMENT_VERSION = 1
SECRET_SET = "set"
SECRET_UNSET = "unset"
_META_KEYS = ("format", "version")


class ConfigError(Exception):
    """Bad configuration input; the message is one line meant for the person who typed it."""


@dataclass
class ConfigContext:
    """Shared by every section during one `configure` run."""

    scope: str = "default"
    warnings: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


Assignments = list[tuple[str, str]]


@dataclass(frozen=True)
class ConfigSection:
    name: str
    export: Callable[[], Any]
    import_: Callable[[Any, ConfigContext], None]
    assign: Callable[[Assignments, ConfigContext], None] | None = None
    order: int = 100


_registry: dict[str, ConfigSection] = {}


def register_section(section: ConfigSection) -> None:
    """Add (or replace, for repeated `ready()` calls) a section of the configuration document."""
    if section.name in _META_KEYS:
        raise ValueError(f"{section.name!r} is reserved in the configuration document.")
    _registry[section.name] = section


def registered_sections() -> list[ConfigSection]:
    return sorted(_registry.values(), key=lambda section: (section.order, section.name))


# ----------------------------------------------------------------------------- whole document


def export_configuration() -> dict[str, Any]:
    """The whole configuration, section by section (secrets as set/unset)."""
    document: dict[str, Any] = {"format": DOCUMENT_FORMAT, "version": DOCUMENT_VERSION}
    for section in registered_sections():
        document[section.name] = section.export()
    return document


def check_document(document: Any) -> dict[str, Any]:
    """Structural checks of an import document, before anything is written."""
    if not isinstance(document, dict):
        raise ConfigError("The configuration file must hold a JSON object.")
    if document.get("format", DOCUMENT_FORMAT) != DOCUMENT_FORMAT:
        raise ConfigError(f"Not an acmconnector configuration (format {document.get('format')!r}).")
    if document.get("version", DOCUMENT_VERSION) != DOCUMENT_VERSION:
        raise ConfigError(f"Unsupported configuration version {document.get('version')!r}.")
    unknown = sorted(set(document) - set(_registry) - set(_META_KEYS))
    if unknown:
        known = ", ".join(section.name for section in registered_sections())
        raise ConfigError(f"Unknown section {unknown[0]!r} in the configuration file (known: {known}).")
    return document


def parse_assignment(text: str) -> tuple[str, str, str]:
    """``"setup.retry_count=5"`` -> ``("setup", "retry_count", "5")``."""
    key, sep, value = text.partition("=")
    section, dot, path = key.strip().partition(".")
    if not sep or not dot or not path:
        raise ConfigError(f"--set expects section.field=value, not {text!r}.")
    if section not in _registry or _registry[section].assign is None:
        settable = ", ".join(s.name for s in registered_sections() if s.assign is not None)
        raise ConfigError(f"--set {key}: unknown section {section!r} (settable: {settable}).")
    return section, path, value


def apply_configuration(
    *, document: dict[str, Any] | None, assignments: Sequence[str], scope: str
) -> ConfigContext:
    """Apply an import document, then `--set` assignments, in one transaction (all or nothing)."""
    parsed = [parse_assignment(text) for text in assignments]
    if document is not None:
        check_document(document)
    ctx = ConfigContext(scope=scope)
    with transaction.atomic():
        if document is not None:
            for section in registered_sections():
                if section.name in document:
                    section.import_(document[section.name], ctx)
        for section in registered_sections():
            pairs = [(path, value) for name, path, value in parsed if name == section.name]
            if pairs and section.assign is not None:
                section.assign(pairs, ctx)
    return ctx


# ----------------------------------------------------------------------------- model helpers


def secret_status(value: str) -> str:
    return SECRET_SET if value else SECRET_UNSET


def export_fields(
    instance: models.Model, names: Iterable[str], secrets: Iterable[str] = ()
) -> dict[str, Any]:
    """Field values as JSON data; secrets as set/unset."""
    secret_names = set(secrets)
    data: dict[str, Any] = {}
    for name in names:
        value = getattr(instance, name)
        data[name] = secret_status(value) if name in secret_names else value
    return data


def _model_field(
    instance: models.Model, name: str, allowed: Sequence[str], prefix: str
) -> models.Field[Any, Any]:
    if name not in allowed:
        raise ConfigError(f"{prefix}.{name}: unknown setting (known: {', '.join(allowed)}).")
    model_field = instance._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return model_field


def parse_raw_value(model_field: models.Field[Any, Any], raw: str, label: str) -> Any:
    """Text from the command line -> the Python value the model field holds."""
    if isinstance(model_field, models.BooleanField):
        lowered = raw.strip().lower()
        if lowered in {"true", "yes", "on", "1"}:
            return True
        if lowered in {"false", "no", "off", "0"}:
            return False
        raise ConfigError(f"{label}: expects true or false, not {raw!r}.")
    if isinstance(model_field, CodeListField):
        return parse_code_list(raw)
    if isinstance(model_field, models.IntegerField):
        try:
            return int(raw.strip())
        except ValueError:
            raise ConfigError(f"{label}: expects a whole number, not {raw!r}.") from None
    return raw


def _json_value(model_field: models.Field[Any, Any], value: Any, label: str) -> Any:
    """A value from an import document, checked for the field's JSON type."""
    if isinstance(model_field, models.BooleanField):
        ok = isinstance(value, bool)
    elif isinstance(model_field, CodeListField):
        ok = isinstance(value, list)
    elif isinstance(model_field, models.IntegerField):
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ConfigError(f"{label}: {value!r} has the wrong type.")
    return value


def apply_json_values(
    instance: models.Model,
    values: Any,
    *,
    prefix: str,
    allowed: Sequence[str],
    secrets: Iterable[str] = (),
    ctx: ConfigContext,
) -> None:
    """Set fields from an exported dict; secret markers are skipped (secrets come from flags)."""
    if not isinstance(values, dict):
        raise ConfigError(f"{prefix}: expects an object of settings.")
    secret_names = set(secrets)
    for name, value in values.items():
        model_field = _model_field(instance, name, allowed, prefix)
        if name in secret_names:
            if value not in (SECRET_SET, SECRET_UNSET):
                raise ConfigError(
                    f"{prefix}.{name}: secrets are not imported from files; give them with a flag or --set."
                )
            if value == SECRET_SET and not getattr(instance, name):
                ctx.warnings.append(f"{prefix}.{name} is set in the file but not here: set it with a flag.")
            continue
        setattr(instance, name, _json_value(model_field, value, f"{prefix}.{name}"))


def apply_raw_values(
    instance: models.Model, pairs: Assignments, *, prefix: str, allowed: Sequence[str]
) -> None:
    """Set fields from `--set` text values."""
    for name, raw in pairs:
        model_field = _model_field(instance, name, allowed, prefix)
        setattr(instance, name, parse_raw_value(model_field, raw, f"{prefix}.{name}"))


def validation_message(exc: ValidationError, prefix: str) -> str:
    """One line: ``prefix.field: message; prefix.other: message``."""
    if hasattr(exc, "error_dict"):
        parts: list[str] = []
        for name, messages in exc.message_dict.items():
            where = prefix if name == NON_FIELD_ERRORS else f"{prefix}.{name}"
            parts.extend(f"{where}: {message}" for message in messages)
        return "; ".join(parts)
    return "; ".join(f"{prefix}: {message}" for message in exc.messages)


def save_validated(instance: models.Model, prefix: str, ctx: ConfigContext | None = None) -> None:
    """Run the model's validators and `clean()` (the admin's rules), then save."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ConfigError(validation_message(exc, prefix)) from None
    instance.save()
    if ctx is not None and prefix not in ctx.changed:
        ctx.changed.append(prefix)
