"""The request a service runs under, for the audit trail's client address.

Services take the acting user explicitly; the client address travels in a context
variable set by ``AuditContextMiddleware`` so that every service need not carry it.
Command-line runs leave it empty.
"""

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("ctis_client_address", default=None)
