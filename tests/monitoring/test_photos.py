import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from monitoring.photos import MAX_SIDE, photo_prepare
from tests.monitoring.factories import jpeg_bytes, png_bytes, upload


def _open(content):
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def test_jpeg_is_downscaled_and_stripped_of_exif():
    result = _open(photo_prepare(upload(jpeg_bytes())))
    assert result.format == "JPEG"
    assert max(result.size) == MAX_SIDE
    assert dict(result.getexif()) == {}


def test_keep_location_keeps_only_gps():
    exif = _open(photo_prepare(upload(jpeg_bytes()), keep_location=True)).getexif()
    assert 0x010F not in exif and 0x0110 not in exif
    assert exif.get_ifd(0x8825)[1] == "N"


def test_png_with_transparency_becomes_a_downscaled_jpeg():
    result = _open(photo_prepare(upload(png_bytes(), "plan.png", "image/png")))
    assert result.format == "JPEG" and result.mode == "RGB"
    assert result.size == (MAX_SIDE, MAX_SIDE // 2)


def test_small_photo_is_not_enlarged():
    assert _open(photo_prepare(upload(jpeg_bytes(size=(640, 480))))).size == (640, 480)


def test_non_image_renamed_jpg_is_refused():
    with pytest.raises(ValidationError) as error:
        photo_prepare(upload(b"%PDF-1.4 not a photo at all" * 50, "photo.jpg"))
    assert error.value.code == "wrong_type"


def test_text_renamed_jpg_is_refused():
    with pytest.raises(ValidationError):
        photo_prepare(upload(b"hello, this is plain text" * 100, "photo.jpg"))


def test_over_ten_megabytes_is_refused(settings):
    big = jpeg_bytes(size=(64, 64)) + b"\0" * (settings.UPLOAD_MAX_BYTES + 1)
    with pytest.raises(ValidationError) as error:
        photo_prepare(upload(big))
    assert error.value.code == "too_large"


def test_truncated_jpeg_is_refused():
    data = jpeg_bytes(size=(1200, 900), exif=False)
    noisy = Image.effect_noise((1200, 900), 60).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "JPEG")
    data = out.getvalue()
    with pytest.raises(ValidationError) as error:
        photo_prepare(upload(data[: len(data) // 2]))
    assert error.value.code == "malformed"


def test_truncated_png_is_refused():
    data = png_bytes(size=(800, 800))
    with pytest.raises(ValidationError) as error:
        photo_prepare(upload(data[: len(data) // 2], "a.png", "image/png"))
    assert error.value.code == "malformed"


def test_decompression_bomb_is_refused():
    # A tiny PNG that claims to be 20000 × 20000 pixels.
    image = Image.new("1", (20000, 20000))
    out = io.BytesIO()
    image.save(out, "PNG")
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(ValidationError) as error:
        photo_prepare(upload(out.getvalue(), "bomb.png", "image/png"))
    assert error.value.code == "too_many_pixels"


def test_truncation_is_caught_even_when_weasyprint_relaxes_pillow(monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    noisy = Image.effect_noise((600, 400), 60).convert("RGB")
    jpeg, png = io.BytesIO(), io.BytesIO()
    noisy.save(jpeg, "JPEG")
    noisy.save(png, "PNG")
    for data, name in ((jpeg.getvalue(), "a.jpg"), (png.getvalue(), "a.png")):
        with pytest.raises(ValidationError):
            photo_prepare(upload(data[: len(data) * 2 // 3], name))
