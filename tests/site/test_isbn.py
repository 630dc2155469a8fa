import pytest
from django.core.exceptions import ValidationError

from publications.isbn import normalize_isbn
from publications.models import TextbookPage

# The worked examples of ISO 2108 (as quoted in the ISBN article of most encyclopaedias).


def test_valid_isbn13_with_hyphens_and_prefix_is_normalised():
    assert normalize_isbn("978-0-306-40615-7") == "9780306406157"
    assert normalize_isbn("ISBN 978 0 306 40615 7") == "9780306406157"


def test_isbn10_is_converted_to_isbn13():
    assert normalize_isbn("0-306-40615-2") == "9780306406157"


def test_isbn10_with_x_check_digit():
    assert normalize_isbn("0-8044-2957-X") == "9780804429573"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("978-0-306-40615-8", "校验位不正确"),
        ("0-306-40615-3", "校验位不正确"),
        ("977-0-306-40615-7", "978 或 979"),
        ("12345", "10 位或 13 位"),
        ("97870405123A5", "13 位数字"),
        ("", "10 位或 13 位"),
    ],
)
def test_invalid_isbns_say_what_is_wrong(value, message):
    with pytest.raises(ValidationError) as error:
        normalize_isbn(value)
    assert message in error.value.messages[0]


@pytest.mark.django_db
def test_textbook_stores_canonical_isbn_and_rejects_the_same_book_twice(site):
    from tests.factories.pages import TextbookPageFactory

    existing = TextbookPageFactory(parent=site.publications)
    duplicate = TextbookPage(
        title="重复书号",
        slug="dup",
        isbn=f"{existing.isbn[:3]}-{existing.isbn[3:]}",
        authors="某人",
        publisher="某出版社",
        description="<p>x</p>",
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "isbn" in error.value.message_dict


@pytest.mark.django_db
def test_textbook_with_bad_isbn_is_rejected_by_the_model():
    book = TextbookPage(title="错误书号", slug="bad", isbn="978-0-306-40615-8", authors="某人", publisher="某出版社")
    with pytest.raises(ValidationError) as error:
        book.full_clean()
    assert "校验位不正确" in " ".join(error.value.message_dict["isbn"])
