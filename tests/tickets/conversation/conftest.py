from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from flywheel.factories import ProductFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory


@pytest.fixture
def book(db):
    return ProductFactory(title="The Silent River", sku="BOOK-RIVER")


@pytest.fixture
def complaint(customer, book):
    """Mei's complaint about the book she bought."""
    return ComplaintFactory(customer=customer, product=book, text="Pages 100-101 are uncut.")


@pytest.fixture
def other_member(db):
    return UserFactory(username="lin")


def image_bytes(image_format: str = "JPEG", size=(64, 48), colour=(200, 40, 40), **save_options) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, format=image_format, **save_options)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
