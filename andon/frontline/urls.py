"""Mounted at /andon/ beside the cord's pages, in the "frontline" namespace."""

from django.urls import path

from . import views

app_name = "frontline"

urlpatterns = [
    path("front-line/", views.my_front_line_day, name="my-day"),
    path("front-line/schedule/", views.schedule_my_day, name="schedule"),
    path("front-line/report/", views.front_line_report, name="report"),
    path("front-line/days/<int:pk>/<slug:verb>/", views.day_transition, name="day-transition"),
    path("take-back/", views.take_back_queue, name="take-back"),
    path("take-back/<int:pk>/<slug:verb>/", views.take_back_item_transition, name="take-back-transition"),
    path("complaints/<int:pk>/take-back/", views.complaint_take_back, name="complaint-take-back"),
]
