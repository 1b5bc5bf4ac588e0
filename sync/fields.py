"""`CodeListField`: a list of codes stored as JSON (warehouses, customer classes, order types, ...).

Codes that come from Acumatica are stored as the codes themselves, so the setting survives an
export/import between environments; the clients issue adds pickers that offer the live values.
In a form the list is typed as codes separated by commas (or chosen with checkboxes when the
field has fixed `item_choices`), and `configure --set` parses the same comma-separated text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst


def parse_code_list(text: str) -> list[str]:
    """ "WH1, WH2,,WH3" -> ["WH1", "WH2", "WH3"] (order kept, duplicates dropped)."""
    codes: list[str] = []
    for part in text.replace("\n", ",").split(","):
        code = part.strip()
        if code and code not in codes:
            codes.append(code)
    return codes


class CodeListFormField(forms.CharField):
    """Codes separated by commas."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        return parse_code_list(super().to_python(value) or "")

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(initial or []) != self.to_python(data or "")


class CodeListField(models.JSONField):
    """A JSON list of non-empty strings, optionally restricted to `item_choices`."""

    description = "A list of codes"

    def __init__(
        self, *args: Any, item_choices: Sequence[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        self.item_choices = list(item_choices) if item_choices is not None else None
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.item_choices is not None:
            kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise ValidationError("Enter codes separated by commas.", code="invalid_codes")
        if self.item_choices is not None:
            allowed = [code for code, _ in self.item_choices]
            unknown = [item for item in value if item not in allowed]
            if unknown:
                raise ValidationError(
                    f"Unknown value {unknown[0]!r}: choose from {', '.join(allowed)}.", code="invalid_choice"
                )

    def formfield(self, **kwargs: Any) -> Any:
        for key in ("form_class", "choices_form_class", "encoder", "decoder"):
            kwargs.pop(key, None)
        defaults: dict[str, Any] = {
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            **kwargs,
        }
        if self.item_choices is not None:
            defaults.setdefault("widget", forms.CheckboxSelectMultiple)
            return forms.MultipleChoiceField(choices=self.item_choices, **defaults)
        return CodeListFormField(**defaults)
