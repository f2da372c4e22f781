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

API_PREFIX = "/api/"
NUL = "\x00"


def _offending_names(request):
    """The query parameters holding a NUL in their name or value."""
    names = []
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            names.append(name.replace(NUL, "") or "__all__")
    return names


class RejectNullBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            return self.not_found(request)
        names = _offending_names(request)
        if not names:
            return self.get_response(request)
        message = _("Null characters are not allowed.")
        if request.path.startswith(API_PREFIX):
            return JsonResponse(
                {
                    "error": _("Invalid parameters."),
                    "fields": {name: [message] for name in names},
                    "code": "invalid_parameters",
                },
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(request, "400.html", {"explanation": message}, status=400)

    @staticmethod
    def not_found(request):
        if request.path.startswith(API_PREFIX):
            return JsonResponse(
                {"error": _("Not found."), "fields": {}, "code": "not_found"},
                status=404,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(request, "404.html", status=404)
