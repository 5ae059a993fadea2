from django.urls import path

from ctis.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("summary/", views.summary, name="summary"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/qr.svg", views.event_qr, name="event_qr"),
    path("<int:pk>/assess/", views.event_assess, name="event_assess"),
    path("<int:pk>/feedback/<str:step>/", views.event_feedback_step, name="event_feedback_step"),
    path("<int:pk>/questions/", views.question_add, name="question_add"),
    path(
        "<int:pk>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path("f/<str:token>/", views.feedback, name="feedback"),
    path("f/<str:token>/before/", views.feedback, {"stage": "before"}, name="feedback_before"),
]
