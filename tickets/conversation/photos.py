"""Checking and cleaning the photos a customer sends with a report.

A photo is judged by its content, never by its name or the content type the browser claims: Pillow
must open and verify it as JPEG, PNG or WebP. What is stored is a fresh encoding of its pixels
only, so EXIF (the GPS position of the phone among it), XMP, comments and any bytes hidden after
the image are gone. The orientation EXIF asked for is applied to the pixels first, so the photo
still stands the right way up.
"""

from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from flywheel.errors import DomainError

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# A small file can still unpack into an enormous bitmap (a "decompression bomb"): 40 megapixels
# is more than any phone camera takes.
MAX_PHOTO_PIXELS = 40_000_000

# Pillow's format name -> (content type, file extension, the modes the encoder writes as they are)
FORMATS = {
    "JPEG": ("image/jpeg", "jpg", ("L", "RGB")),
    "PNG": ("image/png", "png", ("L", "LA", "RGB", "RGBA")),
    "WEBP": ("image/webp", "webp", ("RGB", "RGBA")),
}


class PhotoRefused(DomainError):
    """A photo that is not a JPEG, PNG or WebP image, or is too large."""


@dataclass(frozen=True)
class CleanPhoto:
    """A photo re-encoded from its pixels: what is stored."""

    content: ContentFile  # named <something>.<extension>; the storage gives it its final name
    content_type: str
    width: int
    height: int

    @property
    def size(self) -> int:
        return self.content.size


def check_photo_count(count: int) -> None:
    """Raise PhotoRefused when more than MAX_PHOTOS photos come with one report."""
    if count > MAX_PHOTOS:
        raise PhotoRefused(
            ngettext(
                "You can send at most %(max)d photo; you chose %(count)d.",
                "You can send at most %(max)d photos; you chose %(count)d.",
                MAX_PHOTOS,
            )
            % {"max": MAX_PHOTOS, "count": count}
        )


def clean_photo(upload) -> CleanPhoto:
    """Check one uploaded file (Django's UploadedFile) and re-encode it without its metadata.

    Raises PhotoRefused naming the file: over MAX_PHOTO_BYTES (5 MB), not an image Pillow can
    verify, an image in another format than JPEG, PNG or WebP, or more than MAX_PHOTO_PIXELS.
    """
    name = getattr(upload, "name", "") or _("the photo")
    if upload.size > MAX_PHOTO_BYTES:
        raise PhotoRefused(
            _("%(name)s is %(size)s MB; a photo can be at most %(max)d MB.")
            % {"name": name, "size": f"{upload.size / (1024 * 1024):.1f}", "max": MAX_PHOTO_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    raw = upload.read(MAX_PHOTO_BYTES + 1)
    not_a_photo = PhotoRefused(
        _("%(name)s is not a JPEG, PNG or WebP photo. Choose a photo in one of those formats.") % {"name": name}
    )
    try:
        with Image.open(BytesIO(raw)) as probe:
            image_format = probe.format
            if image_format not in FORMATS:
                raise not_a_photo
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise PhotoRefused(
                    _("%(name)s is %(width)d × %(height)d pixels; a photo can have at most %(max)d megapixels.")
                    % {"name": name, "width": probe.width, "height": probe.height, "max": MAX_PHOTO_PIXELS // 1_000_000}
                )
            probe.verify()
        # verify() leaves the image unusable: open it again to read the pixels.
        with Image.open(BytesIO(raw)) as image:
            image.load()
            pixels = _pixels_only(ImageOps.exif_transpose(image), image_format)
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as broken:
        raise not_a_photo from broken
    content_type, extension, _modes = FORMATS[image_format]
    encoded = BytesIO()
    pixels.save(encoded, format=image_format, **_encoder_options(image_format))
    return CleanPhoto(
        content=ContentFile(encoded.getvalue(), name=f"photo.{extension}"),
        content_type=content_type, width=pixels.width, height=pixels.height,
    )


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """A new image holding the pixels alone: no EXIF, ICC, XMP, text chunks or palette tricks."""
    writable = FORMATS[image_format][2]
    if image.mode not in writable:
        has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha and "RGBA" in writable else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encoder_options(image_format: str) -> dict:
    if image_format == "JPEG":
        return {"quality": 88, "optimize": True}
    if image_format == "WEBP":
        return {"quality": 88}
    return {"optimize": True}
