"""The bureau's download of the HSDS export in the admin."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from api.hsds import export
from core.access import is_bureau


@require_GET
def hsds_download(request):
    if not is_bureau(request.user):
        raise PermissionDenied
    response = HttpResponse(export.zip_bytes(request), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="rongcheng-hsds-{stamp}.zip"'
    return response
