from django.urls import path

from ctis.interop import pages

app_name = "imports"

urlpatterns = [
    path("persons/", pages.import_persons, name="persons"),
    path("<slug:kind>/template.xlsx", pages.import_template, name="template"),
]
