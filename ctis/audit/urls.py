from django.urls import path

from ctis.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("<int:pk>/", views.entry_detail, name="detail"),
]
