"""Mounted at /andon/bonuses/ in the "bonuses" namespace."""

from django.urls import path

from . import views

app_name = "bonuses"

urlpatterns = [
    path("statement/", views.statement, name="statement"),
    path("statement/csv/", views.statement_export, name="statement-csv"),
]
