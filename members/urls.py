from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("p/<str:sku>/", views.product_detail, name="product"),
    path("cart/", views.cart, name="cart"),
    path("cart/add/<str:sku>/", views.cart_add, name="cart-add"),
    path("cart/update/<str:sku>/", views.cart_update, name="cart-update"),
    path("cart/remove/<str:sku>/", views.cart_remove, name="cart-remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/", views.orders, name="orders"),
    path("orders/<str:number>/", views.order_detail, name="order-detail"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("accounts/password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("accounts/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
