"""No request carries a NUL character to the database.

PostgreSQL text cannot hold NUL (0x00): a filter such as
``?district=%00`` reached the query and answered 500 on PostgreSQL only
(SQLite stores it). Forms already refuse NUL in what they clean; this
middleware closes every other way in — the path, query-string names and
values — for every view, ours and Wagtail's, before any view runs, in the
visitor's language: the API's error shape under ``/api/``, the branded error
page elsewhere. A NUL in a query parameter answers 400 naming the
parameter; a NUL in the path answers 404, as any other address that names
nothing (no slug or id holds NUL).
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.errors import ErrorCode, error_body

API_PREFIX = "/api/"
NUL = "\x00"


def _offending_names(request):
    """The query parameters holding a NUL in their name or value."""
    names = []
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            names.append(name.replace(NUL, "") or "__all__")
    return names


def _api_error(message, code, status, fields=None):
    body = error_body(message, code, fields)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


class RejectNullBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith(API_PREFIX)
        if NUL in request.path:
            if api:
                return _api_error(_("Not found."), ErrorCode.NOT_FOUND, 404)
            return render(request, "404.html", status=404)
        names = _offending_names(request)
        if not names:
            return self.get_response(request)
        message = _("Null characters are not allowed.")
        if api:
            fields = {name: [message] for name in names}
            return _api_error(_("Invalid parameters."), ErrorCode.INVALID_PARAMETERS, 400, fields)
        return render(request, "400.html", {"explanation": message}, status=400)
