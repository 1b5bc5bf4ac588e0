"""The HTTP clients of the two remote systems; all remote I/O of the connector goes through them."""

from __future__ import annotations

from .acumatica import ActionResult, AcumaticaClient
from .base import ApiResponse, Exchange, HttpClient, RetryPolicy
from .magento import BulkSubmission, MagentoClient, RecordResult, SearchPage
from .routing import EndpointResolver, Route, TableResolver
from .search_criteria import SearchCriteria

__all__ = [
    "ActionResult",
    "AcumaticaClient",
    "ApiResponse",
    "BulkSubmission",
    "EndpointResolver",
    "Exchange",
    "HttpClient",
    "MagentoClient",
    "RecordResult",
    "RetryPolicy",
    "Route",
    "SearchCriteria",
    "SearchPage",
    "TableResolver",
]
