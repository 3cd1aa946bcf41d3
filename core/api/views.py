"""The API's answer for a URL it does not have."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # it changes nothing, and a POST to a wrong URL must still be a JSON 404
def not_found(request, *args, **kwargs):
    """Anything else under /api/ is a JSON 404, like every other API error."""
    return JsonResponse({"detail": "Not found."}, status=404)
