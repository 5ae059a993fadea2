from django.urls import path

from ctis.stats import views, views_public, views_recommendations

app_name = "stats"
urlpatterns: list = [
    path("public/", views_public.public, name="public"),
    path("recommendations/", views_recommendations.recommendation_list, name="recommendations"),
    path(
        "recommendations/<int:pk>/",
        views_recommendations.recommendation_edit,
        name="recommendation_edit",
    ),
    path("exports/", views.exports, name="exports"),
]
