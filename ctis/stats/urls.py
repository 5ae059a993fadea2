from django.urls import path

from ctis.stats import views

app_name = "stats"
urlpatterns = [
    path("exports/", views.exports, name="exports"),
]
