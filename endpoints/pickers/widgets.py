"""`PickerInput`: a text input that suggests the codes a live system offers.

One line in any form::

    widgets = {"acumatica_warehouse": PickerInput("acumatica.warehouses"),
               "inventory_warehouses": PickerInput("acumatica.warehouses", multiple=True)}

The input stays free text, so a code the system does not list (yet) can still be typed and the
model's validation keeps the last word. The choices are read when the page is drawn (cached, see
`service`); when the system cannot be reached the field says why in one line under the input
and works as plain text. `multiple=True` is for comma-separated code lists: the codes are listed
under the input as well, because a browser's suggestion list only completes a whole value.

Acumatica pickers read Default Config's tenant unless the form binds another connection with
`bind_pickers(form, connection)` (a store view with its own connection).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..forms import DatalistTextInput
from ..models import AcumaticaConnection
from .base import PickerResult
from .service import get_picker, load_choices

LISTED_UNDER_INPUT = 40


def _current_values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if str(item).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


class PickerInput(DatalistTextInput):
    """A free text input with the choices of a picker (see the module docstring)."""

    def __init__(
        self,
        picker: str,
        *,
        multiple: bool = False,
        connection: AcumaticaConnection | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        self.picker = get_picker(picker).name  # an unknown name fails when the form is defined
        self.multiple = multiple
        self.connection = connection
        super().__init__((), list_id="", attrs=attrs)

    def result(self) -> PickerResult:
        return load_choices(self.picker, connection=self.connection)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        result = self.result()
        base_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        list_id = f"{base_id}_choices"
        options = [(choice.value, choice.label) for choice in result.choices]
        known = {choice.value for choice in result.choices}
        # Codes already on the form stay offered even when the system no longer lists them.
        options += [(code, "current value") for code in _current_values(value) if code not in known]
        input_html = forms.TextInput.render(self, name, value, {**(attrs or {}), "list": list_id}, renderer)
        parts: list[SafeString] = [input_html, self.render_datalist(list_id, options)]
        if not result.ok:
            parts.append(
                format_html(
                    '<div class="help picker-note picker-unavailable">{} Type the code.</div>', result.error
                )
            )
        elif self.multiple and result.choices:
            parts.append(self._listing(result))
        elif not result.choices:
            parts.append(
                format_html('<div class="help picker-note">{}</div>', "No codes found; type the code.")
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    def _listing(self, result: PickerResult) -> SafeString:
        shown = result.choices[:LISTED_UNDER_INPUT]
        more = len(result.choices) - len(shown)
        items = format_html_join(
            ", ", "<code>{}</code>{}", ((c.value, f" ({c.label})" if c.label else "") for c in shown)
        )
        tail = f", and {more} more" if more > 0 else ""
        return format_html(
            '<div class="help picker-note">Available: {}{}. Separate codes with commas.</div>', items, tail
        )


def picker_inputs(form: forms.BaseForm) -> Iterable[tuple[str, PickerInput]]:
    """(field name, widget) of every picker on a form instance or form class."""
    fields = getattr(form, "fields", None) or getattr(form, "base_fields", {})
    for name, field in fields.items():
        if isinstance(field.widget, PickerInput):
            yield name, field.widget


def bind_pickers(form: forms.BaseForm, connection: AcumaticaConnection | None) -> None:
    """Make the form's Acumatica pickers read `connection` (None: Default Config)."""
    for _, widget in picker_inputs(form):
        widget.connection = connection
