"""Demo content for a newcomer's first look: ``manage.py load_demo``.

The directory itself goes through import_directory (directory.json is also
the worked example of the import format); this module adds what JSON cannot
carry — logos and photos drawn with Pillow — and the demo accounts.
Everything is found-or-created, so a second run changes nothing.
"""

import hashlib
import io
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from incubators.models import IncubatorGalleryImage, IncubatorPage
from incubators.teams import create_operator, ensure_bureau_group

DEMO_DIR = Path(__file__).resolve().parent
DIRECTORY_FILE = DEMO_DIR / "directory.json"

# Debian's fonts-noto-cjk; Pillow's built-in font has no Chinese glyphs.
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Bold.ttc",
]

PALETTE = ["#1f6feb", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#15803d", "#0369a1"]

DEMO_PASSWORDS = {"bureau": "bureau-demo-2026"}


def cjk_font(size):
    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size=size)
    return None


def colour_for(slug):
    return PALETTE[int(hashlib.sha256(slug.encode()).hexdigest(), 16) % len(PALETTE)]


def draw_logo(name, slug, size=256):
    """A round badge with the incubator's first two characters (or the
    slug's initials where no CJK font is installed)."""
    image = PILImage.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=colour_for(slug))
    font = cjk_font(size // 3)
    text = name[:2] if font else "".join(part[0] for part in slug.split("-")).upper()[:2]
    font = font or ImageFont.load_default(size=size // 3)
    box = draw.textbbox((0, 0), text, font=font)
    x = (size - (box[2] - box[0])) / 2 - box[0]
    y = (size - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), text, fill="white", font=font)
    return image


def draw_photo(slug, index, width=960, height=640):
    """An illustration standing in for a photo: sky, sea and buildings."""
    image = PILImage.new("RGB", (width, height), "#dbeafe")
    draw = ImageDraw.Draw(image)
    colour = colour_for(f"{slug}-{index}")
    draw.rectangle((0, height * 0.7, width, height), fill="#93c5fd")
    seed = int(hashlib.sha256(f"{slug}{index}".encode()).hexdigest(), 16)
    x = 40
    while x < width - 80:
        w = 80 + seed % 90
        h = 150 + (seed // 7) % 260
        draw.rectangle((x, height * 0.7 - h, x + w, height * 0.7), fill=colour)
        for wy in range(int(height * 0.7 - h) + 20, int(height * 0.7) - 20, 36):
            for wx in range(x + 14, x + w - 14, 26):
                draw.rectangle((wx, wy, wx + 12, wy + 18), fill="#fef3c7")
        x += w + 30
        seed //= 11
    return image


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_image(title, collection, draw):
    """The image with ``title`` in ``collection``, drawn and saved if absent."""

    Image = get_image_model()
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing:
        return existing, False
    data = png_bytes(draw())
    image = Image(title=title, collection=collection)
    image.file = ImageFile(io.BytesIO(data), name=f"{hashlib.sha1(title.encode()).hexdigest()[:12]}.png")
    image.save()
    return image, True


@transaction.atomic
def add_pictures(stdout=None):
    """Logo and two gallery photos for every demo incubator."""

    created = 0
    for incubator in IncubatorPage.objects.all():
        logo, new = ensure_image(
            f"logo · {incubator.slug}",
            incubator.collection,
            lambda i=incubator: draw_logo(i.title, i.slug),
        )
        created += new
        photos = []
        for index in (1, 2):
            photo, new = ensure_image(
                f"photo {index} · {incubator.slug}",
                incubator.collection,
                lambda i=incubator, n=index: draw_photo(i.slug, n),
            )
            created += new
            photos.append(photo)
        gallery = [g.image_id for g in incubator.gallery_images.all()]
        if incubator.logo_id == logo.pk and gallery == [p.pk for p in photos]:
            continue
        incubator.logo = logo
        incubator.gallery_images = [
            IncubatorGalleryImage(image=photo, sort_order=n) for n, photo in enumerate(photos)
        ]
        incubator.save_revision(log_action=True).publish()
    return created


def ensure_accounts():
    """The bureau admin and one operator per incubator, with fixed demo
    passwords (local use only). Returns [(username, password, role)]."""

    User = get_user_model()
    accounts = []
    bureau = ensure_bureau_group()
    user, _created = User.objects.get_or_create(
        username="bureau", defaults={"email": "bureau@example.cn", "first_name": "科技局"}
    )
    password = DEMO_PASSWORDS["bureau"]
    if not user.check_password(password):
        user.set_password(password)
        user.save()
    user.groups.add(bureau)
    accounts.append(("bureau", password, _("Science and technology bureau")))
    for incubator in IncubatorPage.objects.order_by("path"):
        username = f"op-{incubator.slug}"
        password = f"{incubator.slug}-demo-2026"
        existing = User.objects.filter(username=username).first()
        create_operator(
            username,
            incubator,
            email=f"{username}@example.cn",
            password=None if existing and existing.check_password(password) else password,
        )
        accounts.append((username, password, incubator.title))
    return accounts
