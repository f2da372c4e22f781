"""The one error shape of both APIs (``core.errors``) as ninja answers it.

``error`` and ``fields`` speak the user's language (the request's active
language, Chinese first); ``code`` is a stable machine word a client can
branch on. Pydantic's own messages are English, so each kind of parameter
error is given a translated sentence here.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import ValidationError

from core.errors import ErrorCode, error_body


class ErrorOut(Schema):
    error: str
    fields: dict[str, list[str]] = {}
    code: str


def _message(error):
    """One translated sentence for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("Enter a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Ensure this value is greater than or equal to %(limit)s.") % {
            "limit": ctx.get("ge", ctx.get("gt"))
        }
    if kind in ("less_than_equal", "less_than"):
        return _("Ensure this value is less than or equal to %(limit)s.") % {
            "limit": ctx.get("le", ctx.get("lt"))
        }
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind.startswith("datetime") or kind.startswith("date"):
        return _("Enter a date and time such as 2026-03-05T09:00:00+08:00.")
    if kind.startswith("uuid"):
        return _("Enter a UUID.")
    if kind in ("literal_error", "enum"):
        return _("Select a valid choice.")
    if kind == "string_too_long":
        return _("Ensure this value has at most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        return _("Enter a valid value.")
    if kind == "missing":
        return _("This field is required.")
    return _("Enter a valid value.")


def validation_fields(exc):
    fields = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        name = location[-1] if location else "__all__"
        fields.setdefault(name, []).append(_message(error))
    return fields


def install_handlers(api):
    """Answer bad parameters and unknown records in the one shape."""

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return api.create_response(
            request,
            error_body(_("Invalid parameters."), ErrorCode.INVALID_PARAMETERS, validation_fields(exc)),
            status=400,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, error_body(_("Not found."), ErrorCode.NOT_FOUND), status=404)
