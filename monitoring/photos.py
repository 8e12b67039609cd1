"""Photos from the field: checked, downscaled and stripped of metadata on the server."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from municipality.uploads import IMAGE_TYPES, detect_type, validate_image

MAX_SIDE = 1600
# Phones take 12–50 megapixel photos; more than this is a decompression bomb, not a photo.
MAX_PIXELS = min(Image.MAX_IMAGE_PIXELS or 10**9, 64_000_000)
GPS_IFD = 0x8825

MALFORMED = _("This photo could not be read: the file is damaged or not a complete image.")


def _whole(data: bytes) -> bool:
    """A JPEG must reach its end-of-image marker after its first scan.

    Pillow's own truncation check cannot be relied on: WeasyPrint sets
    ImageFile.LOAD_TRUNCATED_IMAGES = True for the whole process when imported.
    0xFFD9 cannot occur inside entropy-coded data, so finding it after the first
    start-of-scan marker means the file was not cut short. PNG chunks are
    checked by Image.verify().
    """
    if not data.startswith(b"\xff\xd8"):
        return True
    start_of_scan = data.find(b"\xff\xda")
    return start_of_scan != -1 and data.rfind(b"\xff\xd9") > start_of_scan


def _check_size_and_type(upload) -> None:
    """Refuse empty, oversized and non-image uploads before decoding anything."""
    max_bytes = settings.UPLOAD_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The photo is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    if detect_type(upload) not in IMAGE_TYPES:
        raise ValidationError(
            _("This file is not a photo. Upload a JPEG or PNG image."), code="wrong_type"
        )


def _decode(data: bytes, *, keep_location: bool):
    """The decoded, upright image and its GPS block (when kept); bombs and damage refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels to process."), code="too_many_pixels"
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        gps = image.getexif().get_ifd(GPS_IFD) if keep_location else None
        if image.format == "JPEG":
            # Decode at a reduced scale: far less memory for big camera photos.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
        image.load()
        return ImageOps.exif_transpose(image), gps


def _decode_checked(data: bytes, *, keep_location: bool):
    """`_decode` with every decoder failure turned into the user's ValidationError."""
    if not _whole(data):
        raise ValidationError(MALFORMED, code="malformed")
    try:
        return _decode(data, keep_location=keep_location)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The photo has too many pixels to process."), code="too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(MALFORMED, code="malformed") from None


def _rgb(image):
    """Flatten transparency onto white; everything else to RGB."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        background = Image.new("RGB", image.size, "white")
        image = image.convert("RGBA")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def photo_prepare(upload, *, keep_location: bool = False) -> ContentFile:
    """Return the upload as a JPEG at most MAX_SIDE px wide or high, without EXIF.

    With `keep_location` the GPS block alone survives. Raises ValidationError for
    anything that is not a whole JPEG or PNG of reasonable size.
    """
    _check_size_and_type(upload)
    upload.seek(0)
    image, gps = _decode_checked(upload.read(), keep_location=keep_location)
    # The kernel's checks too: a photo with web page code appended (a polyglot) is refused
    # like everywhere else, although it would be re-encoded below.
    validate_image(upload)
    image = _rgb(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    options = {"format": "JPEG", "quality": 82, "optimize": True}
    if gps:
        exif = Image.Exif()
        exif[GPS_IFD] = gps
        options["exif"] = exif.tobytes()
    image.save(out, **options)
    return ContentFile(out.getvalue(), name="photo.jpg")
