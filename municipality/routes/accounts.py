from django.urls import path

from municipality.views import accounts, logout, my_work, office

urlpatterns = [
    path("accounts/login/", accounts.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", logout.PortalLogoutView.as_view(), name="logout"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/code/", accounts.signup_code, name="signup-code"),
    path("accounts/signup/join/", accounts.signup_join, name="signup-join"),
    path("accounts/me/", accounts.account, name="account"),
    path("my/", my_work.my_work, name="my-work"),
    path("accounts/me/phone/", accounts.account_phone, name="account-phone"),
    path("accounts/me/claim/", accounts.account_claim, name="account-claim"),
    path("accounts/me/export.json", accounts.account_export, name="account-export"),
    path("accounts/me/delete/", accounts.account_delete, name="account-delete"),
    path("accounts/me/edit/", accounts.account_edit, name="account-edit"),
    path("accounts/me/password/", accounts.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/password-reset/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path(
        "accounts/password-reset/sent/",
        accounts.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "accounts/reset/<token:uidb64>/<token:token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "accounts/reset/done/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    # Administration (the office landing page itself is in routes/public.py).
    path("office/audit/", office.audit_log, name="audit-log"),
]
