from django.urls import path

from ctis.stats import views, views_exports, views_public, views_recommendations

app_name = "stats"
urlpatterns: list = [
    path("", views.dashboard, name="dashboard"),
    path("report/", views.report_request, name="report_request"),
    path("report/<int:year>/texts/", views.report_texts, name="report_texts"),
    path("report/jobs/<uuid:pk>/", views.report_job, name="report_job"),
    path("report/jobs/<uuid:pk>/download/", views.report_job_download, name="report_job_download"),
    path("exports/", views_exports.exports, name="exports"),
    path("public/", views_public.public, name="public"),
    path("recommendations/", views_recommendations.recommendation_list, name="recommendations"),
    path(
        "recommendations/<int:pk>/",
        views_recommendations.recommendation_edit,
        name="recommendation_edit",
    ),
]
