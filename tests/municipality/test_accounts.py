import re

import pytest
from django.core import mail
from django.urls import reverse

from municipality.models import OutboxMessage, User
from tests.municipality.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/ky/accounts/signup/"
LOGIN = "/ky/accounts/login/"
GOOD_PASSWORD = "Kok-Tobo-2024!"


def signup_data(**overrides):
    data = {
        "full_name": "Сейитова Айпери",
        "email": "aiperi@example.kg",
        "phone": "",
        "username": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "sex": "",
        "birth_year": "",
        "village": "",
    }
    data.update(overrides)
    return data


def test_signup_page_explains_statistics_in_kyrgyz(client, municipality):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="full_name"' in text and 'name="password2"' in text
    assert 'name="village"' in text and 'name="birth_year"' in text


def code_sent_to(recipient):
    """The six-digit code in the newest outbox message to `recipient`."""
    message = OutboxMessage.objects.filter(recipient=recipient).order_by("-pk").first()
    assert message is not None, f"nothing sent to {recipient}"
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_signup_with_email_confirms_by_code_and_logs_in(client, municipality):
    village = VillageFactory()
    response = client.post(
        SIGNUP, signup_data(sex="f", birth_year="1990", village=str(village.pk))
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("municipality:signup-code")
    user = User.objects.get(email="aiperi@example.kg")
    assert not user.is_active  # nothing works before the code
    assert user.full_name == "Сейитова Айпери"
    assert (user.sex, user.birth_year, user.village) == ("f", 1990, village)
    assert user.language == "ky"
    assert user.username == "aiperi"
    assert not user.is_staff and not user.groups.exists()
    assert "aiperi" in OutboxMessage.objects.get(recipient="aiperi@example.kg").body
    response = client.post(
        reverse("municipality:signup-code"), {"code": code_sent_to("aiperi@example.kg")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("municipality:account")
    user.refresh_from_db()
    assert user.is_active and user.phone_confirmed_at is None
    assert user.email_confirmed_at is not None
    assert client.get(reverse("municipality:account")).status_code == 200


def test_signup_code_page_refuses_a_wrong_code(client, municipality):
    client.post(SIGNUP, signup_data())
    code = code_sent_to("aiperi@example.kg")
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("municipality:signup-code"), {"code": wrong})
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert not User.objects.get(email="aiperi@example.kg").is_active
    assert not response.wsgi_request.user.is_authenticated


def test_signup_by_phone_confirms_the_phone_with_the_sms_code(client, municipality):
    client.post(SIGNUP, signup_data(email="", phone="0555 12-34-56"))
    response = client.post(
        reverse("municipality:signup-code"), {"code": code_sent_to("+996555123456")}
    )
    assert response.status_code == 302
    user = User.objects.get(phone="+996555123456")
    assert user.is_active and user.phone_confirmed_at is not None


def test_signup_with_phone_only_normalises_the_number(client, municipality):
    response = client.post(SIGNUP, signup_data(email="", phone="0555 12-34-56"))
    assert response.status_code == 302
    user = User.objects.get(phone="+996555123456")
    assert user.email == ""
    assert user.username


def test_signup_with_chosen_username(client, municipality):
    client.post(SIGNUP, signup_data(username="aiperi_s"))
    assert User.objects.filter(username="aiperi_s").exists()


def test_signup_without_email_and_phone_is_refused_and_keeps_input(client, municipality):
    response = client.post(SIGNUP, signup_data(email="", phone="", full_name="Бекова Нургүл"))
    assert response.status_code == 200
    assert not User.objects.exists()
    text = response.content.decode()
    assert "Бекова Нургүл" in text
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "AIPERI@example.kg"), ("phone", "+996 555 123456")],
)
def test_signup_with_an_address_in_use_answers_like_a_new_one(client, municipality, field, value):
    """Issue 12, item 6: the same page, and the owner is told instead."""
    owner = UserFactory(username="aiperi_old", email="aiperi@example.kg", phone="+996555123456")
    if field == "email":
        fresh = client.post(SIGNUP, signup_data(email="fresh@example.kg"))
        data = signup_data(email=value)
    else:
        fresh = client.post(SIGNUP, signup_data(email="", phone="0700 654 321"))
        data = signup_data(email="", phone=value)
    client.cookies.clear()
    taken = client.post(SIGNUP, data)
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    page_fresh = client.get(fresh["Location"])  # the last session is the taken one
    assert page_fresh.status_code == 200
    assert User.objects.filter(pk=owner.pk, is_active=True).exists()
    assert User.objects.count() == 2  # the owner and the fresh sign-up only
    told = OutboxMessage.objects.get(recipient=owner.email if field == "email" else owner.phone)
    assert "aiperi_old" in told.body or "/accounts/login/" in told.body
    assert not re.search(r"\b\d{6}\b", told.body)
    # Whatever code is typed, the taken address does not log anybody in.
    response = client.post(reverse("municipality:signup-code"), {"code": "123456"})
    assert response.status_code == 200 and response.context["form"].errors["code"]


def test_signup_page_is_the_same_for_an_existing_email(client, municipality):
    """The HTML after sign-up does not depend on whether the e-mail has an account."""
    UserFactory(email="taken@example.kg")
    pages = []
    for email in ("taken@example.kg", "free@example.kg"):
        client.cookies.clear()
        response = client.post(SIGNUP, signup_data(email=email), follow=True)
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        pages.append(html)
    assert pages[0] == pages[1]


def test_signup_with_a_taken_username_gets_another_and_is_told_it(client, municipality):
    UserFactory(username="aiperi_s")
    response = client.post(SIGNUP, signup_data(username="AIPERI_S"))
    assert response.status_code == 302
    user = User.objects.get(email="aiperi@example.kg")
    assert user.username.lower() != "aiperi_s"
    assert user.username in OutboxMessage.objects.get(recipient="aiperi@example.kg").body


@pytest.mark.parametrize(
    ("password1", "password2"),
    [("12345678", "12345678"), ("short", "short"), (GOOD_PASSWORD, GOOD_PASSWORD + "x")],
)
def test_signup_bad_password_keeps_the_typed_values(client, municipality, password1, password2):
    response = client.post(
        SIGNUP, signup_data(password1=password1, password2=password2, phone="0700 111 222")
    )
    assert response.status_code == 200
    assert not User.objects.exists()
    form = response.context["form"]
    assert form.errors.get("password1") or form.errors.get("password2")
    text = response.content.decode()
    assert 'value="aiperi@example.kg"' in text
    assert 'value="0700 111 222"' in text
    assert "Сейитова Айпери" in text


@pytest.mark.parametrize("birth_year", ["1850", "2030", "abc"])
def test_signup_refuses_insane_birth_year(client, municipality, birth_year):
    response = client.post(SIGNUP, signup_data(birth_year=birth_year))
    assert response.status_code == 200
    assert response.context["form"].errors["birth_year"]


def test_signup_errors_are_in_russian_on_russian_page(client, municipality):
    response = client.post("/ru/accounts/signup/", signup_data(email="not-an-email"))
    assert response.status_code == 200
    assert "адрес" in str(response.context["form"].errors["email"]).lower()


@pytest.mark.parametrize("identifier", ["aiperi", "Aiperi@Example.kg", "0555 123 456"])
def test_login_by_username_email_or_phone(client, municipality, identifier):
    UserFactory(username="aiperi", email="aiperi@example.kg", phone="+996555123456")
    response = client.post(LOGIN, {"username": identifier, "password": "pass-Word-123"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.wsgi_request.user.username == "aiperi"


def test_login_with_wrong_password_says_so(client, municipality):
    UserFactory(username="aiperi")
    response = client.post(LOGIN, {"username": "aiperi", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not response.wsgi_request.user.is_authenticated


def test_logout_is_post_only(client, resident):
    client.force_login(resident)
    page = client.get("/ky/accounts/logout/")  # typed or bookmarked: a page with the button
    assert page.status_code == 200 and 'action="/ky/accounts/logout/"' in page.content.decode()
    assert client.get("/ky/accounts/me/").wsgi_request.user.is_authenticated  # GET keeps you in
    response = client.post("/ky/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/ky/accounts/me/").wsgi_request.user.is_authenticated


def test_password_reset_sends_a_working_link(client, municipality):
    UserFactory(email="aiperi@example.kg")
    response = client.post("/ky/accounts/password-reset/", {"email": "aiperi@example.kg"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Jangy-Syr-9981", "new_password2": "Jangy-Syr-9981"}
    )
    assert response.status_code == 302
    assert client.login(username="aiperi@example.kg", password="Jangy-Syr-9981")


def test_password_reset_does_not_reveal_whether_the_account_exists(client, municipality):
    UserFactory(email="aiperi@example.kg")
    known = client.post("/ky/accounts/password-reset/", {"email": "aiperi@example.kg"})
    unknown = client.post("/ky/accounts/password-reset/", {"email": "nobody@example.kg"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page_known = client.get(known["Location"]).content
    page_unknown = client.get(unknown["Location"]).content
    assert page_known == page_unknown
    assert len(mail.outbox) == 1


def test_account_page_shows_only_own_data(client, municipality):
    me = UserFactory(full_name="Асанов Темир", email="temir@example.kg", phone="+996700000001")
    other = UserFactory(
        full_name="Борубаева Жылдыз", email="jyldyz@example.kg", phone="+996700000002"
    )
    client.force_login(me)
    text = client.get("/ky/accounts/me/").content.decode()
    assert "Асанов Темир" in text and "temir@example.kg" in text
    assert "Борубаева Жылдыз" not in text and "jyldyz@example.kg" not in text
    assert "+996700000002" not in text
    # No URL names another person's account.
    assert client.get(f"/ky/accounts/{other.pk}/").status_code == 404
    assert (
        client.get(f"/ky/accounts/me/?pk={other.pk}").content.decode().count("jyldyz@example.kg")
        == 0
    )


def test_account_page_needs_login(client, municipality):
    response = client.get("/ky/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ky/accounts/login/")


def test_profile_edit_changes_only_own_data_and_language(client, municipality):
    me = UserFactory(email="temir@example.kg")
    other = UserFactory(email="jyldyz@example.kg", full_name="Борубаева Жылдыз")
    client.force_login(me)
    response = client.post(
        "/ky/accounts/me/edit/",
        {
            "full_name": "Асанов Темир",
            "email": "temir@example.kg",
            "phone": "0700 123 456",
            "language": "ru",
            "sex": "m",
            "birth_year": "1980",
            "village": "",
            "pk": other.pk,
        },
    )
    assert response.status_code == 302
    # A new phone number is confirmed by a code before anything else is sent to it.
    assert response["Location"] == "/ru/accounts/me/phone/"
    me.refresh_from_db()
    other.refresh_from_db()
    assert (me.full_name, me.phone, me.language, me.birth_year) == (
        "Асанов Темир",
        "+996700123456",
        "ru",
        1980,
    )
    assert other.full_name == "Борубаева Жылдыз"


def test_profile_edit_refuses_a_phone_taken_by_someone_else(client, municipality):
    UserFactory(phone="+996700123456")
    me = UserFactory(email="temir@example.kg")
    client.force_login(me)
    response = client.post(
        "/ky/accounts/me/edit/",
        {
            "full_name": "Асанов Темир",
            "email": "temir@example.kg",
            "phone": "0700123456",
            "language": "ky",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert 'value="0700123456"' in response.content.decode()


def test_password_change(client, resident):
    client.force_login(resident)
    response = client.post(
        "/ky/accounts/me/password/",
        {
            "old_password": "pass-Word-123",
            "new_password1": "Jangy-Syr-9981",
            "new_password2": "Jangy-Syr-9981",
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("Jangy-Syr-9981")


def _latin_words(html):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    # Language names are written in their own language on purpose.
    return sorted(set(re.findall(r"[A-Za-z]{3,}", text)) - {"Jamaat", "English"})


@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/ky/accounts/signup/", None),
        ("/ky/accounts/login/", None),
        ("/ky/accounts/password-reset/", None),
        ("/ky/accounts/password-reset/sent/", None),
        ("/ky/accounts/reset/xx/yy/", None),
        ("/ky/accounts/me/edit/", "resident"),
        ("/ky/accounts/me/password/", "resident"),
        ("/ky/office/", "staff"),
        ("/ky/office/audit/", "administrator"),
    ],
)
def test_kyrgyz_pages_show_no_english_words(client, municipality, url, role):
    VillageFactory()
    if role:
        client.force_login(UserFactory(roles=[] if role == "resident" else [role]))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert _latin_words(response.content.decode()) == []


def test_kyrgyz_form_errors_show_no_english_words(client, municipality):
    response = client.post(
        SIGNUP,
        {
            "full_name": "",
            "email": "x",
            "password1": "123",
            "password2": "123",
            "birth_year": "3000",
        },
    )
    assert _latin_words(response.content.decode()) == []
    response = client.post(LOGIN, {"username": "x", "password": "y"})
    assert _latin_words(response.content.decode()) == []


HOSTILE = [
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "=cmd|' /C calc'!A0",
    "x" * 10_000,
    "9" * 5000,
    "\u200b\u202eabc",
    "a\x00b",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_never_gives_a_server_error(client, municipality, value):
    for field in [
        "full_name",
        "email",
        "phone",
        "username",
        "password1",
        "birth_year",
        "village",
        "sex",
    ]:
        response = client.post(
            SIGNUP, signup_data(**{field: value}), REMOTE_ADDR=f"10.1.{len(field)}.1"
        )
        assert response.status_code in (200, 302), field
        assert "<script>alert(1)</script>" not in response.content.decode()
        client.logout()
    for field in ["username", "password"]:
        data = {"username": "aiperi", "password": "x", field: value}
        assert client.post(LOGIN, data, REMOTE_ADDR="10.2.0.1").status_code in (200, 302)
    assert client.post(
        "/ky/accounts/password-reset/", {"email": value}, REMOTE_ADDR="10.3.0.1"
    ).status_code in (200, 302)
    client.force_login(UserFactory(roles=["administrator"]))
    for field in ["full_name", "email", "phone", "language", "birth_year", "village"]:
        data = {"full_name": "Асан", "email": "asan@example.kg", "language": "ky", field: value}
        assert client.post("/ky/accounts/me/edit/", data).status_code in (200, 302), field
    for param in ["type", "user", "action", "page"]:
        assert client.get("/ky/office/audit/", {param: value}).status_code == 200, param


def test_login_goes_to_the_start_page_in_the_preferred_language(client, municipality):
    UserFactory(username="ivan", language="ru")
    response = client.post(LOGIN, {"username": "ivan", "password": "pass-Word-123"})
    assert response["Location"] == "/ru/my/"
    assert response.cookies["django_language"].value == "ru"
    # An explicit ?next= wins.
    client.post("/ky/accounts/logout/")
    response = client.post(
        LOGIN + "?next=/ky/notices/",
        {"username": "ivan", "password": "pass-Word-123", "next": "/ky/notices/"},
    )
    assert response["Location"] == "/ky/notices/"
    # Never to another site.
    client.post("/ky/accounts/logout/")
    response = client.post(
        LOGIN,
        {"username": "ivan", "password": "pass-Word-123", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == "/ru/my/"


def test_kyrgyz_code_pages_show_no_english_words(client, municipality, settings):
    """The sign-up code page, the phone code page and the SMS budget warning."""
    settings.SMS_DAILY_BUDGET = 0
    response = client.post(SIGNUP, signup_data(email="", phone="0700 111 222"), follow=True)
    assert response.status_code == 200
    assert _latin_words(response.content.decode()) == []
    response = client.post(reverse("municipality:signup-code"), {"code": "12"}, follow=True)
    assert _latin_words(response.content.decode()) == []
    user = UserFactory(phone="+996700333444", phone_confirmed_at=None)
    client.force_login(user)
    response = client.get("/ky/accounts/me/phone/")
    assert response.status_code == 200
    assert _latin_words(response.content.decode()) == []
    assert "ырастала элек" in client.get("/ky/accounts/me/").content.decode()
    client.force_login(UserFactory(roles=["staff"]))
    office = client.get("/ky/office/").content.decode()
    assert "СМС" in office
    assert _latin_words(office) == []
