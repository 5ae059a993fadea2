from django.urls import path

from ctis.plan import views, views_documents, views_editing

app_name = "plan"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/status/", views.period_status, name="period_status"),
    path(
        "periods/<int:period_pk>/measures/<int:measure_pk>/report/",
        views.report_new,
        name="report_new",
    ),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<uuid:pk>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<uuid:pk>/<str:step>/", views.report_step, name="report_step"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    # Documents: an agency's yearly report and the consolidated yearly report.
    path(
        "periods/<int:pk>/agencies/<slug:code>/report.<str:fmt>",
        views_documents.agency_report,
        name="agency_report_document",
    ),
    path(
        "periods/<int:pk>/consolidated.<str:fmt>",
        views_documents.consolidated_report,
        name="consolidated_document",
    ),
    path("documents/<uuid:pk>/", views_documents.document_job, name="document_job"),
    path(
        "documents/<uuid:pk>/download/",
        views_documents.document_job_download,
        name="document_job_download",
    ),
    # Creating and editing plans in the UI.
    path("plans/", views_editing.plan_list, name="plan_list"),
    path("plans/new/", views_editing.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", views_editing.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/sections/new/", views_editing.section_create, name="section_create"),
    path("sections/<int:pk>/edit/", views_editing.section_edit, name="section_edit"),
    path("plans/<int:pk>/measures/new/", views_editing.measure_create, name="measure_create"),
    path("measures/<int:pk>/edit/", views_editing.measure_edit, name="measure_edit"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
