from django.urls import path

from ctis.nrm import views

app_name = "nrm"

urlpatterns = [
    path("persons/<uuid:pk>/screen/", views.screening_create, name="screening_create"),
    path("screenings/<uuid:pk>/", views.screening_detail, name="screening_detail"),
]
