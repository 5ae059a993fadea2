from django.urls import path

from ctis.interop import htcds_pages

app_name = "htcds"

urlpatterns = [
    path("", htcds_pages.home, name="home"),
    path("export/", htcds_pages.export, name="export"),
    path("import/", htcds_pages.import_workbook, name="import"),
    path("import/done/", htcds_pages.import_done, name="import_done"),
]
