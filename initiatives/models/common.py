"""What the initiatives models share: money fields and upload names."""

from decimal import Decimal

from municipality.files import upload_to

MONEY = {"max_digits": 12, "decimal_places": 2}


def private_upload_path(instance, filename: str) -> str:
    """Named by migration 0003; every file field now uses municipality.files.upload_to."""
    return upload_to(instance, filename)


ZERO = Decimal("0")
