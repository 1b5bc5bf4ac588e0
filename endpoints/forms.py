"""Form support for secrets (bearer token, passwords, webhook secrets) and the connection form.

A secret is never rendered back into a page: its input is always empty, the help text says whether
one is stored, and submitting the form with the input left blank keeps the stored value. When a
secret has a confirmation input ("Confirm Bearer Token"), both must match whenever a new value is
entered.

Usage in any ModelForm::

    class MyForm(SecretFieldsMixin, forms.ModelForm):
        secret_fields = {"bearer_token": "confirm_bearer_token"}   # or {"secret": None}
        confirm_bearer_token = confirmation_field("Confirm Bearer Token")
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from endpoints.models import AcumaticaConnection, EndpointURL
from endpoints.validators import SUPPORTED_ENDPOINT_VERSIONS

SECRET_SET_HELP = "A value is set. Leave blank to keep it; type a new value to replace it."
SECRET_UNSET_HELP = "Not set yet."


def confirmation_message(label: str, confirm_label: str) -> str:
    """The one message for every mismatched confirmation."""
    return f"{label} and {confirm_label} do not match."


def confirmation_field(label: str) -> forms.CharField:
    """A confirmation input for a secret (not stored; compared with the secret in `clean`)."""
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )


class SecretFieldsMixin(forms.BaseForm):
    """Makes the listed model fields write-only secret inputs (see the module docstring)."""

    #: secret field name -> name of its confirmation field (declared on the form), or None.
    secret_fields: ClassVar[dict[str, str | None]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        for name, confirm_name in self.secret_fields.items():
            if name not in self.fields:
                continue
            is_set = bool(instance is not None and getattr(instance, name, ""))
            field = self.fields[name]
            field.required = False
            if isinstance(field, forms.CharField):
                field.strip = False
            field.widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
            # The stored value must never reach the page, not even as an "initial" value.
            field.initial = ""
            self.initial[name] = ""
            status = SECRET_SET_HELP if is_set else SECRET_UNSET_HELP
            base_help = str(field.help_text or "")
            field.help_text = f"{base_help} {status}".strip()
            if confirm_name and confirm_name in self.fields:
                self.fields[confirm_name].help_text = f"Enter the new {field.label} again."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        instance = getattr(self, "instance", None)
        for name, confirm_name in self.secret_fields.items():
            if name not in self.fields:
                continue
            value = cleaned.get(name) or ""
            if confirm_name and confirm_name in self.fields:
                confirm = cleaned.get(confirm_name) or ""
                if value != confirm:
                    label = str(self.fields[name].label)
                    confirm_label = str(self.fields[confirm_name].label)
                    self.add_error(confirm_name, confirmation_message(label, confirm_label))
                    continue
            if not value and instance is not None:
                # Blank means "keep what is stored".
                cleaned[name] = getattr(instance, name, "")
        return cleaned


class DatalistTextInput(forms.TextInput):
    """A free text input with suggestions: a value outside them reaches the validator and its message.

    A suggestion is a value or a `(value, label)` pair; subclasses that find their suggestions
    only when the page is drawn (`endpoints.pickers.PickerInput`) override `datalist_options`.
    """

    def __init__(
        self,
        suggestions: Sequence[str | tuple[str, str]] = (),
        *,
        list_id: str,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs={**(attrs or {}), "list": list_id})
        self.suggestions = tuple(suggestions)
        self.list_id = list_id

    def datalist_options(self, value: Any) -> list[tuple[str, str]]:
        return [(item, "") if isinstance(item, str) else (item[0], item[1]) for item in self.suggestions]

    def render_datalist(self, list_id: str, options: Sequence[tuple[str, str]]) -> SafeString:
        rows = format_html_join("", '<option value="{}">{}</option>', options)
        return format_html('<datalist id="{}">{}</datalist>', list_id, rows)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        datalist = self.render_datalist(self.list_id, self.datalist_options(value))
        return format_html("{}{}", super().render(name, value, attrs, renderer), datalist)


class AcumaticaConnectionForm(SecretFieldsMixin, forms.ModelForm):
    """Basic Configuration of one scope: where and as whom to log in to Acumatica."""

    secret_fields = {"password": "confirm_password"}
    confirm_password = confirmation_field("Confirm Password")

    class Meta:
        model = AcumaticaConnection
        fields = [
            "name",
            "base_url",
            "username",
            "password",
            "confirm_password",
            "tenant",
            "branch",
            "endpoint_name",
            "endpoint_version",
            "max_concurrent_requests",
            "max_requests_per_minute",
            "max_api_users",
        ]
        widgets = {
            "endpoint_version": DatalistTextInput(
                SUPPORTED_ENDPOINT_VERSIONS, list_id="acumatica-endpoint-versions"
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Imported here: the picker widgets build on this module's DatalistTextInput.
        from endpoints.pickers import PickerInput

        self.fields["branch"].widget = PickerInput("acumatica.branches")


class EndpointURLForm(forms.ModelForm):
    """Method and URL of one action; the model's `clean` refuses templates the action cannot fill."""

    class Meta:
        model = EndpointURL
        fields = ["method", "url_template"]
        widgets = {"url_template": forms.TextInput(attrs={"class": "vLargeTextField", "size": 100})}
