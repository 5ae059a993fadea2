"""Agency registry and user administration pages (to be completed)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("TODO", status=501)


agency_list = agency_create = agency_detail = agency_edit = _todo
user_list = user_create = user_detail = user_edit = _todo
user_reset_password = user_reset_two_factor = user_unlock = _todo
