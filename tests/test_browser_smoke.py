import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_opens_in_kyrgyz(page, municipality):
    page.goto("/")
    assert page.url.endswith("/ky/")
    assert page.locator("html").get_attribute("lang") == "ky"
