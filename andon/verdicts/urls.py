from django.urls import path

from . import views

app_name = "verdicts"

urlpatterns = [
    path("pulls/<int:pk>/verdict/", views.verdict_page, name="page"),
]
