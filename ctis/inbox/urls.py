from django.urls import path

from ctis.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.alert_list, name="alert_list"),
    path("<uuid:pk>/open/", views.alert_open, name="alert_open"),
    path("read-all/", views.alert_read_all, name="alert_read_all"),
    path("settings/", views.alert_settings, name="alert_settings"),
]
