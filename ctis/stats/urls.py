from django.urls import path

from ctis.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report/", views.report_request, name="report_request"),
    path("report/<int:year>/texts/", views.report_texts, name="report_texts"),
    path("report/jobs/<uuid:pk>/", views.report_job, name="report_job"),
    path("report/jobs/<uuid:pk>/download/", views.report_job_download, name="report_job_download"),
]
