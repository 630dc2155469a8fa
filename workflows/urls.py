from django.urls import path

from . import views

urlpatterns = [
    path("certificates/verify/", views.verify_form, name="certificate_verify_form"),
    path("certificates/verify/<str:number>/", views.verify, name="certificate_verify"),
    path("workflow-files/<str:token>/", views.attachment, name="workflow_attachment"),
]
