"""Logging settings (the guide's Magento-side Logging section): what is logged and for how long."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from sync.choices import LogAction, LogCleaningFrequency
from sync.fields import CodeListField
from sync.models.singleton import SingletonModel


def _all_actions() -> list[str]:
    return list(LogAction.values)


class LoggingSettings(SingletonModel):
    """One row. Failed and pending work is never removed by log cleaning, whatever these say."""

    logged_actions = CodeListField(
        "Logs",
        item_choices=LogAction.choices,
        default=_all_actions,
        help_text="The actions whose successful messages are kept in the log. Failures are always kept.",
    )
    log_lifetime_days = models.IntegerField(
        "Log Entry Lifetime, days",
        default=30,
        validators=[MinValueValidator(1, message="Log Entry Lifetime must be 1 day or more.")],
        help_text="Log entries older than this are removed by the log cleaning task.",
    )
    cleaning_frequency = models.CharField(
        "Log Cleaning Frequency",
        max_length=10,
        choices=LogCleaningFrequency.choices,
        default=LogCleaningFrequency.DAILY,
        help_text="How often expired log entries are removed.",
    )
    show_in_system_messages = models.BooleanField(
        "Show in System Messages",
        default=True,
        help_text="Show sync failures as messages at the top of the admin.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Logging settings"
        verbose_name_plural = "Logging settings"

    def __str__(self) -> str:
        return "Logging settings"

    def is_logged(self, action: LogAction | str) -> bool:
        return str(action) in self.logged_actions
