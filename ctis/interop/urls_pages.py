from django.urls import path

from ctis.interop import pages

app_name = "imports"

urlpatterns = [
    path("persons/", pages.import_persons, name="persons"),
    path("persons/done/", pages.import_done, name="done"),
    path("<slug:kind>/template.xlsx", pages.import_template, name="template"),
]
