from django.urls import path

from ctis.nrm import views

app_name = "nrm"

urlpatterns = [
    path("persons/<uuid:pk>/screen/", views.screening_create, name="screening_create"),
    path("screenings/<uuid:pk>/", views.screening_detail, name="screening_detail"),
    path("persons/<uuid:pk>/consents/", views.consent_create, name="consent_create"),
    path(
        "persons/<uuid:pk>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("persons/<uuid:pk>/refer/", views.referral_create, name="referral_create"),
    path("persons/<uuid:pk>/stays/", views.stay_admit, name="stay_admit"),
    path(
        "persons/<uuid:pk>/stays/<int:stay_id>/discharge/",
        views.stay_discharge,
        name="stay_discharge",
    ),
    path("persons/<uuid:pk>/services/", views.service_create, name="service_create"),
    path(
        "persons/<uuid:pk>/support-plans/new/",
        views.support_plan_create,
        name="support_plan_create",
    ),
    path(
        "support-actions/<int:action_id>/",
        views.support_action_detail,
        name="support_action_detail",
    ),
    path(
        "persons/<uuid:pk>/support-actions/<int:action_id>/",
        views.support_action_progress,
        name="support_action_progress",
    ),
    path("persons/<uuid:pk>/close/", views.assistance_close, name="assistance_close"),
    path("persons/<uuid:pk>/abroad/", views.abroad_create, name="abroad_create"),
    path("persons/<uuid:pk>/abroad/<uuid:case_id>/close/", views.abroad_close, name="abroad_close"),
    path("shelters/", views.facility_list, name="facility_list"),
    path("indicator-sets/", views.indicator_set_list, name="indicator_set_list"),
    path("indicator-sets/<slug:code>/", views.indicator_set_detail, name="indicator_set_detail"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<uuid:pk>/", views.referral_detail, name="referral_detail"),
    path("persons/<uuid:pk>/notify/", views.notification_create, name="notification_create"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<uuid:pk>/", views.notification_detail, name="notification_detail"),
    path(
        "notifications/<uuid:pk>/take-up/", views.notification_receive, name="notification_receive"
    ),
]
