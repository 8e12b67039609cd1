"""Move uploads stored under their original names to random ones (municipality/files.py).

    manage.py files_rename_unguessable [--dry-run]

Run once after the migrations that introduced `municipality.files.upload_to`: files uploaded
before them keep addresses such as notices/2026/05/budget.pdf. Running it again does nothing.
"""

from django.core.management.base import BaseCommand

from municipality.files import files_rename_unguessable


class Command(BaseCommand):
    help = "Rename uploaded files stored under guessable names to random names."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would move.")

    def handle(self, *args, dry_run=False, **options):
        moved = files_rename_unguessable(dry_run=dry_run, log=self.stdout.write)
        verb = "would move" if dry_run else "moved"
        self.stdout.write(self.style.SUCCESS(f"{moved} files {verb}."))
