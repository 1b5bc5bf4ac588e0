"""Models of the `endpoints` app: connection settings per scope and the endpoint URL tables."""

from __future__ import annotations

from endpoints.models.connections import AcumaticaConnection
from endpoints.models.endpoint_urls import AcumaticaEndpoint, EndpointURL, MagentoEndpoint

__all__ = ["AcumaticaConnection", "AcumaticaEndpoint", "EndpointURL", "MagentoEndpoint"]
