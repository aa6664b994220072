"""Included by andon.work_orders.urls under /work/reviews/, in the "work" namespace (work:review, ...)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/whys/", views.review_add_why, name="review-why"),
    path("<int:pk>/cause/", views.review_set_cause, name="review-cause"),
    path("<int:pk>/actions/", views.review_add_action, name="review-action"),
    path("<int:pk>/actions/<int:action_pk>/status/", views.review_action_status, name="review-action-status"),
    path("<int:pk>/complete/", views.review_complete, name="review-complete"),
]
