from django.urls import path

from ctis.hotline import views

app_name = "hotline"
urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("new/", views.contact_new, name="contact_new"),
    path("caller/", views.caller_history, name="caller_history"),
    path("topics/", views.topic_list, name="topic_list"),
    path("contacts/<uuid:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<uuid:pk>/notify/", views.contact_notify, name="contact_notify"),
    path("contacts/<uuid:pk>/flags/", views.flag_add, name="flag_add"),
    path("contacts/<uuid:pk>/flags/<int:flag_pk>/lift/", views.flag_remove, name="flag_lift"),
    path("contacts/<uuid:pk>/override/", views.override_add, name="override_add"),
    path("contacts/<uuid:pk>/link/", views.person_link, name="person_link"),
    path("contacts/<uuid:pk>/follow-up/", views.follow_up_done, name="follow_up_done"),
]
