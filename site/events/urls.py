from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/<int:event_id>/register/", views.register, name="register"),
    path("events/<int:event_id>/enter/", views.enter_competition, name="enter_competition"),
    path("events/<int:event_id>/check-in/", views.event_check_in, name="event_check_in"),
    path("events/registrations/", views.my_registrations, name="my_registrations"),
    path("events/registrations/<uuid:public_id>/", views.registration_detail, name="registration_detail"),
    path("events/registrations/<uuid:public_id>/cancel/", views.registration_cancel, name="registration_cancel"),
    path(
        "events/registrations/<uuid:public_id>/calendar.ics",
        views.registration_calendar,
        name="registration_calendar",
    ),
    path("events/check-in/<str:token>/", views.check_in, name="check_in"),
]
