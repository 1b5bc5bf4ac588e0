"""The DRF status API under `/api/`: status, messages (filter, detail, reprocess), links, health,
pause/resume; token and session authentication; the OpenAPI schema at `/api/schema/`."""
