"""Which endpoint table a client resolves its URLs through.

`endpoint_resolver(system)` is what every client built from the admin's configuration passes as
`resolver=`: the shipped defaults of `endpoints/defaults.py` for that system.
"""

from __future__ import annotations

from .clients.routing import EndpointResolver
from .defaults import ACUMATICA, ACUMATICA_ROUTES, MAGENTO, MAGENTO_ROUTES


def endpoint_resolver(system: str) -> EndpointResolver:
    """The endpoint table of `system` (`"magento"` or `"acumatica"`)."""
    tables: dict[str, EndpointResolver] = {MAGENTO: MAGENTO_ROUTES, ACUMATICA: ACUMATICA_ROUTES}
    return tables[system]
