from django.urls import path

from ctis.nrm import views

app_name = "nrm"

urlpatterns = [
    path("persons/<uuid:pk>/screen/", views.screening_create, name="screening_create"),
    path("screenings/<uuid:pk>/", views.screening_detail, name="screening_detail"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<uuid:pk>/", views.notification_detail, name="notification_detail"),
    path("notifications/<uuid:pk>/take-up/", views.notification_receive,
         name="notification_receive"),
]
