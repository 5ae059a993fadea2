"""Creating and editing action plans in the UI."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("TODO", status=501)


plan_list = plan_create = plan_edit = section_create = section_edit = _todo
measure_create = measure_edit = _todo
