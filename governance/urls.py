from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("governance/", views.index, name="index"),
    path("governance/meetings/<uuid:public_id>/", views.meeting_detail, name="meeting"),
    path("governance/meetings/<uuid:public_id>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("governance/meetings/<uuid:public_id>/papers/<int:paper_id>/", views.meeting_paper, name="meeting_paper"),
    path("governance/motions/", views.motion_list, name="motions"),
    path("governance/motions/<uuid:public_id>/", views.motion_detail, name="motion"),
    path("governance/motions/<uuid:public_id>/compare/", views.motion_diff, name="motion_diff"),
    path("governance/ballots/<uuid:public_id>/", views.ballot_detail, name="ballot"),
    path("governance/elections/<uuid:public_id>/", views.election_detail, name="election"),
    path("governance/nominations/<int:pk>/answer/", views.nomination_answer, name="nomination_answer"),
    path("governance/charter/", views.charter_versions, name="charter"),
    path("governance/charter/compare/", views.charter_diff, name="charter_diff"),
    path("governance/unit/", views.unit_accounts, name="unit_accounts"),
    path("governance/unit/join/<str:token>/", views.unit_join, name="unit_join"),
]
