from django.urls import path  # noqa: F401  (the pages are added as they are written)

app_name = "stats"
urlpatterns: list = []
