"""The one error shape of the APIs: ``{"error", "fields", "code"}``.

``error`` and ``fields`` speak the user's language; ``code`` is a stable
machine word a client can branch on. Defined here, at the bottom of the
layers, so that the request guards of ``core`` (``core.null_bytes``) answer
in the same shape as ``api``'s views and handlers (``api.errors``).
"""


class ErrorCode:
    INVALID_PARAMETERS = "invalid_parameters"
    NOT_FOUND = "not_found"
    SEARCH_UNAVAILABLE = "search_unavailable"


def error_body(message, code, fields=None):
    return {"error": str(message), "fields": fields or {}, "code": code}
