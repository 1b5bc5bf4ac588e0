"""Buttons on an admin change form that act on the values being edited, without saving them.

"Test Connection" must test what is typed, and "Refresh choices" must not throw away what is
typed, so both are submit buttons of the change form itself (POST with its CSRF token). When one
is pressed the form is bound and validated as usual, the button's handler runs with it, and the
page is drawn again from the posted values (the model is never saved): Django's own change view
does the drawing, because the form reports itself invalid after the handler ran. The handler's
outcome is an admin message.

    class MyAdmin(PickerAdminMixin, TestConnectionAdminMixin, admin.ModelAdmin):
        connection_system = "acumatica"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse

from .connection_check import CheckResult
from .connection_tests import check_acumatica_values, check_magento_values
from .defaults import ACUMATICA, MAGENTO
from .exceptions import one_line
from .pickers import PickerResult, picker_inputs, refresh_pickers
from .redaction import get_logger, redact_text

logger = get_logger(__name__)

CHANGE_FORM_TEMPLATE = "admin/endpoints/change_form_with_buttons.html"
REFRESH_CHOICES = "_refresh_choices"
REFRESH_PARAMETER = "refresh"

Handler = Callable[[HttpRequest, forms.ModelForm], None]


@dataclass(frozen=True)
class FormButton:
    name: str  # the POST key of the submit button
    label: str
    title: str = ""


class FormButtonsMixin(admin.ModelAdmin):
    """Runs `form_button_handlers()[name]` when the button `name` was pressed (see module doc)."""

    change_form_template = CHANGE_FORM_TEMPLATE

    def form_buttons(self, request: HttpRequest) -> list[FormButton]:
        return []

    def form_button_handlers(self) -> dict[str, Handler]:
        return {}

    def _pressed_button(self, request: HttpRequest) -> str | None:
        if request.method != "POST":
            return None
        return next((name for name in self.form_button_handlers() if name in request.POST), None)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form_class: type[forms.ModelForm] = super().get_form(request, obj, change, **kwargs)
        pressed = self._pressed_button(request)
        if pressed is None:
            return form_class
        handler = self.form_button_handlers()[pressed]

        class ButtonForm(form_class):  # type: ignore[valid-type,misc]
            _button_ran = False

            def is_valid(self) -> bool:
                super().is_valid()
                if not self._button_ran:
                    self._button_ran = True
                    run_handler(request, handler, self)
                return False  # draw the page again with the posted values; never save

        ButtonForm.__name__ = form_class.__name__
        return ButtonForm

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = {**(extra_context or {}), "form_buttons": self.form_buttons(request)}
        return super().changeform_view(request, object_id, form_url, context)


def run_handler(request: HttpRequest, handler: Handler, form: forms.ModelForm) -> None:
    """Run a button's handler; whatever happens, the page is drawn (never a 500)."""
    try:
        handler(request, form)
    except Exception as exc:
        logger.exception("Admin button failed")
        messages.error(request, one_line(redact_text(f"The action failed unexpectedly: {exc}")))


def report_pickers(request: HttpRequest, results: list[PickerResult]) -> None:
    """One message for the lists read, one per list that could not be read."""
    read = [
        f"{result.picker.split('.', 1)[1].replace('_', ' ')} ({len(result.choices)})"
        for result in results
        if result.ok
    ]
    if read:
        messages.success(request, f"Choices refreshed: {', '.join(read)}.")
    for result in results:
        if not result.ok:
            messages.warning(request, result.error)


class PickerAdminMixin(FormButtonsMixin):
    """A "Refresh choices" button (and `?refresh=1`) that reads the form's pickers again."""

    def picker_connection(self, request: HttpRequest, obj: Any = None) -> Any:
        """The Acumatica connection the form's pickers read (None: Default Config)."""
        return None

    def _refresh_form_pickers(self, request: HttpRequest, form: forms.BaseForm) -> None:
        widgets = [widget for _, widget in picker_inputs(form)]
        if widgets:
            names = sorted({widget.picker for widget in widgets})
            report_pickers(request, refresh_pickers(names, connection=widgets[0].connection))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form_class = super().get_form(request, obj, change, **kwargs)
        connection = self.picker_connection(request, obj)
        if connection is None or not any(True for _ in picker_inputs(form_class)):  # type: ignore[arg-type]
            return form_class

        class BoundPickersForm(form_class):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                for _, widget in picker_inputs(self):
                    widget.connection = connection

        BoundPickersForm.__name__ = form_class.__name__
        return BoundPickersForm

    def form_buttons(self, request: HttpRequest) -> list[FormButton]:
        return [
            *super().form_buttons(request),
            FormButton(
                REFRESH_CHOICES, "Refresh choices", "Read the lists of codes from Acumatica and Magento again"
            ),
        ]

    def form_button_handlers(self) -> dict[str, Handler]:
        return {**super().form_button_handlers(), REFRESH_CHOICES: self._refresh_form_pickers}

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET" and request.GET.get(REFRESH_PARAMETER) == "1":
            obj = self.get_object(request, object_id) if object_id else None
            form = self.get_form(request, obj, change=obj is not None)()
            try:
                self._refresh_form_pickers(request, form)
            except Exception:
                logger.exception("Refreshing choices failed")
                messages.error(request, "The choices could not be refreshed; see the log.")
        return super().changeform_view(request, object_id, form_url, extra_context)


TEST_CONNECTION = "_test_connection"
# system -> (fields the check reads from the form, the check)
_CHECKS: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], CheckResult]]] = {
    MAGENTO: (("magento_url", "bearer_token"), check_magento_values),
    ACUMATICA: (
        ("base_url", "username", "password", "tenant", "branch", "endpoint_name", "endpoint_version"),
        check_acumatica_values,
    ),
}


class TestConnectionAdminMixin(FormButtonsMixin):
    """A "Test Connection" button that checks the values on the form (saved or not).

    `connection_system` says which system the form configures (`"magento"` for Setup
    Parameters, `"acumatica"` for a connection). A secret left blank is tested with the stored
    one, as saving would keep it.
    """

    connection_system: ClassVar[str]

    def form_buttons(self, request: HttpRequest) -> list[FormButton]:
        return [
            *super().form_buttons(request),
            FormButton(TEST_CONNECTION, "Test Connection", "Test the values on this form; nothing is saved"),
        ]

    def form_button_handlers(self) -> dict[str, Handler]:
        return {**super().form_button_handlers(), TEST_CONNECTION: self._test_connection}

    def _test_connection(self, request: HttpRequest, form: forms.ModelForm) -> None:
        names, check = _CHECKS[self.connection_system]
        values: dict[str, Any] = {}
        problems: list[str] = []
        for name in names:
            if name in form.errors:
                label = form.fields[name].label or name
                problems.append(f"{label}: {' '.join(str(error) for error in form.errors[name])}")
            elif name in getattr(form, "cleaned_data", {}):
                values[name] = form.cleaned_data[name]
            else:
                values[name] = getattr(form.instance, name, "")
        system = "Magento" if self.connection_system == MAGENTO else "Acumatica"
        if problems:
            messages.error(request, one_line(f"{system}: cannot test: {'; '.join(problems)}"))
            return
        result = check(values)
        (messages.success if result.ok else messages.error)(request, result.message)
        typed_secrets = [
            str(form.fields[name].label)
            for name in getattr(form, "secret_fields", {})
            if name in names and form.data.get(name)
        ]
        note = "Tested the values on this form; nothing was saved."
        if typed_secrets:
            note += f" Type the new {' and '.join(typed_secrets)} again before saving."
        messages.info(request, note)
