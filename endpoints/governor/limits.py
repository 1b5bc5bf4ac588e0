"""The license figures the governor keeps to, its timing constants, and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass

from ..exceptions import ConfigurationError, RetryableError

WINDOW_SECONDS = 60.0
# A little slack on the window, so the server's own clock edges cannot see one request too many.
WINDOW_MARGIN = 0.25
WINDOW_HORIZON = WINDOW_SECONDS + WINDOW_MARGIN
# How long a request may wait for admission before it gives up: Acumatica itself answers 429 to a
# request that waited 10 minutes in its queue (reference section 1.5).
MAX_WAIT_SECONDS = 600.0


@dataclass(frozen=True)
class AcumaticaLimits:
    """The license limits of one Acumatica site (SM604000); None means "not limited".

    The defaults are those of the realistic profile (design.md 6.1), a small license: set the real
    figures per connection.
    """

    max_concurrent_requests: int | None = 3
    max_requests_per_minute: int | None = 100
    max_api_users: int | None = 2

    def describe(self) -> str:
        """The figures in words, for error messages."""

        def figure(value: int | None) -> str:
            return "unlimited" if value is None else str(value)

        return (
            f"{figure(self.max_concurrent_requests)} concurrent requests, "
            f"{figure(self.max_requests_per_minute)} a minute, {figure(self.max_api_users)} API users"
        )


class GovernorUnavailableError(ConfigurationError):
    """The shared governor's store (Redis) does not answer.

    A configuration error on purpose: the queue then stops the connection for the run and leaves
    its messages untouched, instead of failing records because of our own infrastructure. Never
    replaced by a per-process count, which would let the processes together break the license.
    """


class RequestSlotTimeoutError(RetryableError):
    """No request slot became free within the governor's bounded wait; nothing was sent."""

    may_have_been_processed = False
    retry_in_client = False
