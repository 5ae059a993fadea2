from django.urls import path

from ctis.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("items/", views.queue, name="queue"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<uuid:pk>/", views.item_detail, name="item_detail"),
    path("items/<uuid:pk>/screenshot/", views.item_screenshot, name="item_screenshot"),
    path("items/<uuid:pk>/step/<slug:step>/", views.item_step, name="item_step"),
    path("items/<uuid:pk>/action/", views.item_action, name="item_action"),
    path("items/<uuid:pk>/edit/", views.item_edit, name="item_edit"),
    path("signals/", views.signal_list, name="signal_list"),
    path("signals/new/", views.signal_create, name="signal_create"),
    path("signals/<slug:code>/", views.signal_edit, name="signal_edit"),
]
