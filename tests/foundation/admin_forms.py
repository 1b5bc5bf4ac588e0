"""Submit admin change forms the way a browser does: start from what the page shows, change a few
inputs, post everything back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def _bound_form_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif value is None:
            data[key] = ""
        else:
            data[key] = str(value)
    return data


def page_form_data(response: TestResponse) -> dict[str, Any]:
    """Everything the admin page's form and inline formsets would post unchanged."""
    context = response.context
    data = _bound_form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for form in formset.forms:
            data.update(_bound_form_data(form))
    return data


def post_change(client: Client, url: str, changes: dict[str, Any]) -> TestResponse:
    """GET the page, apply `changes` to its inputs, POST it back."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = page_form_data(page)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return client.post(url, data)


def form_errors(response: TestResponse) -> dict[str, list[str]]:
    """Field errors of the admin form (and `inline-N-field` for inline rows) shown on the page."""
    context = response.context
    assert context is not None and "adminform" in context, "the form was accepted"
    errors = {name: [str(m) for m in messages] for name, messages in context["adminform"].form.errors.items()}
    for inline in context.get("inline_admin_formsets", []):
        for index, form_errors_ in enumerate(inline.formset.errors):
            for name, messages in form_errors_.items():
                errors[f"inline-{index}-{name}"] = [str(m) for m in messages]
    return errors
