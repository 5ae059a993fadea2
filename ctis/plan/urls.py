from django.urls import path

from ctis.plan import views

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
    path("reports/", views.report_list, name="report_list"),
    path("reports/<uuid:pk>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<uuid:pk>/<str:step>/", views.report_step, name="report_step"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
