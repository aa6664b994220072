"""Photos on a member's report: checked by content, stripped of location data, served only to who may see them."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from members.factories import OrderFactory, UserFactory
from tickets.models import Complaint, ComplaintPhoto, IssueCode

from .conftest import image_bytes, upload

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture
def order(customer, book):
    return OrderFactory(customer=customer, lines=[(book, 1)])


def report(client, order, photos, text="Pages 100-101 are uncut."):
    return client.post(
        reverse("selfservice:report-problem", args=[order.number]),
        {
            "line": order.lines.get().pk, "issue_code": IssueCode.objects.get(code="print-defect").pk,
            "text": text, "photos": photos,
        },
    )


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 14.0, 2.5), "E", (121.0, 28.0, 8.1)
    return image_bytes("JPEG", exif=exif.tobytes())


def stored_image(photo: ComplaintPhoto) -> Image.Image:
    with photo.image.open("rb") as handle:
        return Image.open(BytesIO(handle.read()))


def test_a_member_sends_a_photo_with_the_report(customer_client, order):
    response = report(customer_client, order, [upload("uncut.jpg", image_bytes("JPEG"))])

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    photo = complaint.photos.get()
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 64, 48)
    assert stored_image(photo).format == "JPEG"


def test_a_png_named_jpg_is_taken_for_what_it_is(customer_client, order):
    report(customer_client, order, [upload("holiday.jpg", image_bytes("PNG"), content_type="image/jpeg")])

    photo = ComplaintPhoto.objects.get()
    assert photo.content_type == "image/png"
    assert photo.image.name.endswith(".png")
    assert stored_image(photo).format == "PNG"


def test_a_webp_photo_is_accepted(customer_client, order):
    report(customer_client, order, [upload("shot.webp", image_bytes("WEBP"), content_type="image/webp")])

    assert ComplaintPhoto.objects.get().content_type == "image/webp"


def test_a_text_file_named_jpg_is_refused_with_a_clear_error(customer_client, order):
    response = report(customer_client, order, [upload("uncut.jpg", b"just some text, not a photo\n" * 20)])

    assert response.status_code == 200
    assert "uncut.jpg is not a JPEG, PNG or WebP photo." in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_gif_is_refused_even_though_it_is_an_image(customer_client, order):
    response = report(customer_client, order, [upload("anim.gif", image_bytes("GIF"), content_type="image/gif")])

    assert "anim.gif is not a JPEG, PNG or WebP photo." in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_photo_over_5_mb_is_refused(customer_client, order):
    six_megabytes = image_bytes("JPEG") + b"\0" * (6 * 1024 * 1024)

    response = report(customer_client, order, [upload("huge.jpg", six_megabytes)])

    assert "huge.jpg is 6.0 MB; a photo can be at most 5 MB." in response.content.decode()
    assert not Complaint.objects.exists()


def test_four_photos_are_refused(customer_client, order):
    photos = [upload(f"photo{i}.jpg", image_bytes("JPEG")) for i in range(4)]

    response = report(customer_client, order, photos)

    assert "You can send at most 3 photos; you chose 4." in response.content.decode()
    assert not Complaint.objects.exists()


def test_three_photos_are_accepted(customer_client, order):
    report(customer_client, order, [upload(f"photo{i}.jpg", image_bytes("JPEG")) for i in range(3)])

    assert Complaint.objects.get().photos.count() == 3


def test_the_gps_position_and_other_exif_are_not_stored(customer_client, order):
    original = jpeg_with_gps()
    assert Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the phone did record where it was

    report(customer_client, order, [upload("at-home.jpg", original)])

    photo = ComplaintPhoto.objects.get()
    with photo.image.open("rb") as handle:
        stored = handle.read()
    assert b"Exif" not in stored
    assert b"PhoneMaker" not in stored
    image = Image.open(BytesIO(stored))
    assert not image.getexif().get_ifd(GPS_IFD)
    assert "exif" not in image.info


def test_bytes_hidden_after_the_image_are_not_stored(customer_client, order):
    report(customer_client, order, [upload("tail.png", image_bytes("PNG") + b"SECRET-TRAILER")])

    with ComplaintPhoto.objects.get().image.open("rb") as handle:
        assert b"SECRET-TRAILER" not in handle.read()


def test_a_truncated_photo_is_refused(customer_client, order):
    response = report(customer_client, order, [upload("cut.png", image_bytes("PNG", size=(300, 300))[:200])])

    assert "cut.png is not a JPEG, PNG or WebP photo." in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.fixture
def photo(customer, complaint):
    from tickets.conversation.services import add_complaint_photos

    return add_complaint_photos(complaint=complaint, uploader=customer, photos=[upload("a.png", image_bytes("PNG"))])[0]


def test_the_member_opens_their_own_photo(customer_client, photo):
    response = customer_client.get(reverse("selfservice:photo", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert Image.open(BytesIO(b"".join(response.streaming_content))).size == (64, 48)


def test_another_member_gets_404_for_the_photo(client, other_member, photo):
    client.force_login(other_member)

    assert client.get(reverse("selfservice:photo", args=[photo.pk])).status_code == 404


def test_an_agent_opens_the_photo(agent_client, photo):
    assert agent_client.get(reverse("selfservice:photo", args=[photo.pk])).status_code == 200


def test_a_signed_out_visitor_is_sent_to_sign_in_for_the_photo(photo):
    response = Client().get(reverse("selfservice:photo", args=[photo.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_back_office_role_without_the_console_gets_404(client, photo):
    client.force_login(UserFactory(username="clerk", roles=["warehouse"]))

    assert client.get(reverse("selfservice:photo", args=[photo.pk])).status_code == 404


def test_the_stored_file_sits_in_the_private_folder_under_a_random_name(photo):
    assert photo.image.name.startswith(f"private/complaint-photos/{photo.complaint_id}/")
    assert "a.png" not in photo.image.name


def test_the_agent_sees_the_photos_on_the_complaint_page(agent_client, photo):
    response = agent_client.get(reverse("tickets:complaint", args=[photo.complaint_id]))

    assert reverse("selfservice:photo", args=[photo.pk]) in response.content.decode()


def test_a_report_sent_back_for_another_error_asks_for_the_photos_again(customer_client, order):
    response = report(customer_client, order, [upload("fine.jpg", image_bytes("JPEG"))], text="")

    assert "Choose your photos again" in response.content.decode()
    assert not Complaint.objects.exists()


def test_development_media_serving_never_reaches_the_private_photos():
    import re

    from config.urls import PUBLIC_MEDIA

    assert re.match(PUBLIC_MEDIA, "media/products/cover.webp")
    assert re.match(PUBLIC_MEDIA, "media/private/complaint-photos/7/0f3a.jpg") is None
