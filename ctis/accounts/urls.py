from django.urls import path

from ctis.accounts import views, views_auth

app_name = "accounts"
urlpatterns = [
    path("login/", views_auth.login_view, name="login"),
    path("login/code/", views_auth.login_code_view, name="login_code"),
    path("logout/", views_auth.logout_view, name="logout"),
    path("two-factor/", views_auth.two_factor_setup_view, name="two_factor_setup"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency_detail"),
    path("agencies/<slug:code>/edit/", views.agency_edit, name="agency_edit"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path(
        "users/<int:pk>/reset-two-factor/",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
]
