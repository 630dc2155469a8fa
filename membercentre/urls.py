from django.urls import path

from . import views

app_name = "membercentre"

urlpatterns = [
    path("me/", views.centre, name="centre"),
    path("me/units/<int:unit_id>/profile/", views.profile_edit, name="profile_edit"),
    path("me/contributions/new/", views.contribution_new, name="contribution_new"),
    path("me/contributions/<uuid:public_id>/", views.contribution_detail, name="contribution_detail"),
    path("me/contributions/<uuid:public_id>/edit/", views.contribution_edit, name="contribution_edit"),
    path("me/contributions/<uuid:public_id>/review/", views.contribution_review, name="contribution_review"),
    path("me/contributions/<uuid:public_id>/files/<int:file_id>/", views.contribution_file, name="contribution_file"),
    path("me/contributions/<uuid:public_id>/<str:transition>/", views.contribution_action, name="contribution_action"),
]
