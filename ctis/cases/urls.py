from django.urls import path

from ctis.cases import views, views_cases, views_crimes

app_name = "cases"

urlpatterns = [
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<uuid:pk>/", views.person_detail, name="person_detail"),
    path("persons/<uuid:pk>/identity/", views.person_identity_open, name="identity_open"),
    path("persons/<uuid:pk>/identity/close/", views.person_identity_close, name="identity_close"),
    path("persons/<uuid:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<uuid:pk>/victim/", views.victim_edit, name="victim_edit"),
    path("persons/<uuid:pk>/events/new/", views.event_create, name="event_create"),
    path(
        "persons/<uuid:pk>/events/<int:event_id>/delete/", views.event_delete, name="event_delete"
    ),
    path("persons/<uuid:pk>/children/new/", views.child_create, name="child_create"),
    path("persons/<uuid:pk>/break-glass/", views.break_glass_open, name="break_glass_open"),
    path("persons/<uuid:pk>/erase/", views.person_erase, name="person_erase"),
    path("break-glass/", views.break_glass_list, name="break_glass_list"),
    path("break-glass/<int:grant_id>/review/", views.break_glass_review, name="break_glass_review"),
    path("articles/", views_cases.article_list, name="article_list"),
    path("criminal-cases/", views_cases.case_list, name="case_list"),
    path("criminal-cases/new/", views_cases.case_create, name="case_create"),
    path("criminal-cases/<uuid:pk>/", views_cases.case_detail, name="case_detail"),
    path("criminal-cases/<uuid:pk>/edit/", views_cases.case_edit, name="case_edit"),
    path(
        "criminal-cases/<uuid:pk>/persons/new/",
        views_cases.participant_create,
        name="participant_create",
    ),
    path(
        "criminal-cases/<uuid:pk>/persons/<int:participant_id>/remove/",
        views_cases.participant_remove,
        name="participant_remove",
    ),
    path(
        "criminal-cases/<uuid:pk>/prosecutions/",
        views_cases.prosecution_create,
        name="prosecution_create",
    ),
    path(
        "criminal-cases/<uuid:pk>/persons/<int:participant_id>/wanted/",
        views_crimes.participant_wanted,
        name="participant_wanted",
    ),
    path("criminal-cases/<uuid:pk>/crimes/new/", views_crimes.crime_create, name="crime_create"),
    path(
        "criminal-cases/<uuid:pk>/crimes/<int:crime_id>/",
        views_crimes.crime_edit,
        name="crime_edit",
    ),
    path(
        "criminal-cases/<uuid:pk>/crimes/<int:crime_id>/remove/",
        views_crimes.crime_remove,
        name="crime_remove",
    ),
    path("criminal-cases/<uuid:pk>/groups/new/", views_crimes.group_create, name="group_create"),
    path("criminal-cases/<uuid:pk>/groups/link/", views_crimes.group_link, name="group_link"),
    path(
        "criminal-cases/<uuid:pk>/groups/<int:group_id>/",
        views_crimes.group_edit,
        name="group_edit",
    ),
    path(
        "criminal-cases/<uuid:pk>/groups/<int:group_id>/members/",
        views_crimes.group_member_add,
        name="group_member_add",
    ),
    path(
        "criminal-cases/<uuid:pk>/groups/<int:group_id>/members/<int:member_id>/remove/",
        views_crimes.group_member_remove,
        name="group_member_remove",
    ),
]
