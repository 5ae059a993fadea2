from django.urls import path

from ctis.interop import pages

app_name = "imports"

urlpatterns = [
    path("persons/", pages.import_persons, name="persons"),
    path("jobs/<uuid:pk>/", pages.import_job, name="job"),
    path("jobs/<uuid:pk>/import/", pages.import_job_import, name="job_import"),
    path("jobs/<uuid:pk>/discard/", pages.import_job_discard, name="job_discard"),
    path("<slug:kind>/template.xlsx", pages.import_template, name="template"),
]
