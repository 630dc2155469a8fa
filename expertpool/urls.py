from django.urls import path

from . import views

app_name = "expertpool"

urlpatterns = [
    path("experts/", views.directory, name="directory"),
    path("experts/apply/", views.apply, name="apply"),
    path("experts/recommend/", views.recommend, name="recommend"),
    path("experts/consent/<str:token>/", views.consent, name="consent"),
    path("experts/mine/", views.mine, name="mine"),
    path("experts/candidates/<uuid:public_id>/", views.candidate_detail, name="candidate_detail"),
    path("experts/candidates/<uuid:public_id>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("experts/candidates/<uuid:public_id>/photo/", views.photo, name="photo"),
    path("experts/candidates/<uuid:public_id>/cv/", views.cv, name="cv"),
    path("experts/candidates/<uuid:public_id>/<str:transition>/", views.candidate_action, name="candidate_action"),
]
