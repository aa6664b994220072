from django.urls import include, path

from . import views

app_name = "work"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.work_order_detail, name="work-order"),
    path("<int:pk>/answers/<int:complaint_pk>/", views.supplier_answer, name="supplier-answer"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_file, name="attachment"),
    path("<int:pk>/follow-up/", views.follow_up_shipped, name="follow-up"),
    path("<int:pk>/<slug:verb>/", views.work_order_transition, name="transition"),
    # The review pages share the "work" namespace (work:review, ...): they were born beside the queue.
    path("reviews/", include("andon.reviews.urls")),
]
