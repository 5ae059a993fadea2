from django.urls import path

from ctis.stats import views_public

app_name = "stats"
urlpatterns: list = [
    path("public/", views_public.public, name="public"),
]
