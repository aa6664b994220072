from django.urls import path

from . import views_work

app_name = "work"

urlpatterns = [
    path("", views_work.queue, name="queue"),
    path("<int:pk>/", views_work.work_order_detail, name="work-order"),
    path("<int:pk>/answers/<int:complaint_pk>/", views_work.supplier_answer, name="supplier-answer"),
    path("<int:pk>/attachments/", views_work.attachment_upload, name="attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views_work.attachment_file, name="attachment"),
    path("<int:pk>/<slug:verb>/", views_work.work_order_transition, name="transition"),
    path("reviews/<int:pk>/", views_work.review_detail, name="review"),
    path("reviews/<int:pk>/whys/", views_work.review_add_why, name="review-why"),
    path("reviews/<int:pk>/cause/", views_work.review_set_cause, name="review-cause"),
    path("reviews/<int:pk>/actions/", views_work.review_add_action, name="review-action"),
    path("reviews/<int:pk>/actions/<int:action_pk>/status/", views_work.review_action_status, name="review-action-status"),
    path("reviews/<int:pk>/complete/", views_work.review_complete, name="review-complete"),
]
