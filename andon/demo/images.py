"""Product pictures for the demo store, drawn with Pillow: no downloads, the same bytes every run.

One packshot per (subcategory, colour): a soft backdrop, a floor shadow and the category's object
(a book, a device, a pot, a tin...) in the product's colour. Products share the file of their
(subcategory, colour), so `demo --scale` draws a few dozen pictures however many products it makes.
Files go to MEDIA_ROOT/products/demo/ (the Product.image field's storage); an existing file is kept.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFilter

SIZE = (480, 360)
FOLDER = PurePosixPath("products/demo")

# Colours named by variants (English names as in andon/demo/data.py) and a default per subcategory.
NAMED_COLOURS = {
    "black": (38, 42, 48), "white": (236, 236, 232), "blue": (44, 98, 176), "ivory": (238, 230, 208),
    "grey": (140, 146, 152), "sage green": (148, 170, 140),
}
CATEGORY_COLOURS = {
    "fiction": (170, 58, 52), "childrens-books": (232, 160, 52), "business": (34, 72, 120), "history": (120, 84, 52),
    "cooking": (196, 98, 44), "chargers-cables": (236, 236, 232), "audio": (38, 42, 48), "smart-home": (236, 236, 232),
    "computer-accessories": (70, 76, 86), "phone-accessories": (44, 98, 176), "kitchen": (60, 64, 70),
    "bedding": (238, 230, 208), "storage": (196, 176, 140), "cleaning": (70, 150, 170), "tea": (96, 128, 64),
    "snacks": (200, 120, 40), "grain-oil": (214, 170, 60), "coffee": (92, 60, 40),
}
FALLBACK_COLOUR = (194, 65, 12)

# Which object stands for which subcategory; anything else is drawn as a box.
SHAPES = {
    "fiction": "book", "childrens-books": "book", "business": "book", "history": "book", "cooking": "book",
    "chargers-cables": "charger", "audio": "headphones", "smart-home": "speaker", "computer-accessories": "keyboard",
    "phone-accessories": "phone", "kitchen": "pot", "bedding": "pillow", "storage": "box", "cleaning": "bottle",
    "tea": "tin", "coffee": "bag", "snacks": "bag", "grain-oil": "bottle",
}


def colour_of(*, subcategory: str, variant: str) -> tuple[str, tuple[int, int, int]]:
    """The colour a product is drawn in: its variant's when the variant names one, else its subcategory's."""
    name = variant.strip().lower()
    if name in NAMED_COLOURS:
        return name.replace(" ", "-"), NAMED_COLOURS[name]
    return "default", CATEGORY_COLOURS.get(subcategory, FALLBACK_COLOUR)


def _shade(colour, factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(channel * factor))) for channel in colour)


def _tint(colour, share: float) -> tuple[int, int, int]:
    """Mix with white: the backdrop is a pale version of the product's colour."""
    return tuple(int(channel * (1 - share) + 255 * share) for channel in colour)


def _draw_object(draw: ImageDraw.ImageDraw, shape: str, colour) -> None:
    dark, light = _shade(colour, 0.7), _shade(colour, 1.25) if sum(colour) < 600 else _shade(colour, 0.9)
    outline = _shade(colour, 0.55)
    if shape == "book":
        draw.rectangle((170, 70, 310, 290), fill=colour, outline=outline, width=3)
        draw.rectangle((170, 70, 190, 290), fill=dark)
        draw.rectangle((210, 110, 290, 150), fill=_tint(colour, 0.75))
        draw.rectangle((310, 76, 318, 286), fill=(246, 244, 236), outline=outline)
    elif shape == "headphones":
        draw.arc((150, 60, 330, 240), 180, 360, fill=colour, width=18)
        draw.rounded_rectangle((132, 160, 192, 270), 24, fill=colour, outline=outline, width=3)
        draw.rounded_rectangle((288, 160, 348, 270), 24, fill=colour, outline=outline, width=3)
    elif shape == "charger":
        draw.rounded_rectangle((180, 120, 300, 250), 18, fill=colour, outline=outline, width=3)
        draw.rectangle((215, 90, 228, 120), fill=(170, 170, 170))
        draw.rectangle((252, 90, 265, 120), fill=(170, 170, 170))
        draw.line((240, 250, 240, 300, 330, 300), fill=outline, width=8)
    elif shape == "speaker":
        draw.rounded_rectangle((190, 80, 290, 290), 40, fill=colour, outline=outline, width=3)
        draw.ellipse((210, 200, 270, 260), fill=dark)
        draw.ellipse((225, 110, 255, 140), fill=light)
    elif shape == "keyboard":
        draw.rounded_rectangle((100, 150, 380, 260), 14, fill=colour, outline=outline, width=3)
        for row in range(3):
            for key in range(9):
                x, y = 118 + key * 28, 166 + row * 30
                draw.rounded_rectangle((x, y, x + 22, y + 22), 4, fill=light)
    elif shape == "phone":
        draw.rounded_rectangle((190, 50, 290, 300), 22, fill=colour, outline=outline, width=3)
        draw.ellipse((205, 66, 235, 96), fill=dark)
        draw.ellipse((240, 66, 270, 96), fill=dark)
    elif shape == "pot":
        draw.ellipse((130, 120, 350, 170), fill=dark)
        draw.rounded_rectangle((140, 140, 340, 280), 30, fill=colour, outline=outline, width=3)
        draw.rectangle((96, 160, 140, 176), fill=dark)
        draw.rectangle((340, 160, 384, 176), fill=dark)
    elif shape == "pillow":
        draw.rounded_rectangle((110, 120, 370, 270), 60, fill=colour, outline=outline, width=3)
        draw.line((150, 195, 330, 195), fill=_shade(colour, 0.85), width=4)
    elif shape == "bottle":
        draw.rounded_rectangle((190, 130, 290, 300), 26, fill=colour, outline=outline, width=3)
        draw.rectangle((222, 80, 258, 130), fill=dark)
        draw.rectangle((206, 190, 274, 250), fill=_tint(colour, 0.8))
    elif shape == "tin":
        draw.rectangle((170, 110, 310, 290), fill=colour, outline=outline, width=3)
        draw.ellipse((170, 90, 310, 130), fill=dark, outline=outline, width=3)
        draw.rectangle((170, 180, 310, 220), fill=_tint(colour, 0.7))
    elif shape == "bag":
        draw.polygon(((170, 100), (310, 100), (330, 300), (150, 300)), fill=colour, outline=outline)
        draw.rectangle((170, 90, 310, 110), fill=dark)
        draw.ellipse((215, 170, 265, 220), fill=_tint(colour, 0.7))
    else:  # box
        draw.rectangle((140, 130, 340, 290), fill=colour, outline=outline, width=3)
        draw.polygon(((140, 130), (190, 90), (390, 90), (340, 130)), fill=light, outline=outline)
        draw.polygon(((340, 130), (390, 90), (390, 250), (340, 290)), fill=dark, outline=outline)


def draw_packshot(*, subcategory: str, colour) -> bytes:
    """A WebP packshot (480 × 360, a few KB) of the subcategory's object in `colour` (RGB)."""
    image = Image.new("RGB", SIZE, _tint(colour, 0.86) if sum(colour) < 600 else (222, 226, 232))
    shadow = Image.new("L", SIZE, 0)
    ImageDraw.Draw(shadow).ellipse((110, 280, 370, 320), fill=90)
    image.paste((0, 0, 0), mask=shadow.filter(ImageFilter.GaussianBlur(12)))
    _draw_object(ImageDraw.Draw(image), SHAPES.get(subcategory, "box"), colour)
    out = BytesIO()
    image.save(out, format="WEBP", quality=70, method=6)
    return out.getvalue()


def packshot_path(*, subcategory: str, variant: str) -> str:
    """The storage name of the picture for this (subcategory, colour), drawn on first use."""
    colour_name, colour = colour_of(subcategory=subcategory, variant=variant)
    name = str(FOLDER / f"{subcategory}-{colour_name}.webp")
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(draw_packshot(subcategory=subcategory, colour=colour)))
        assert saved == name, f"the storage renamed {name} to {saved}"
    return name
