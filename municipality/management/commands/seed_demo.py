import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from municipality.demo import seed as seed_kernel

DEFAULT_PASSWORD = "jamaat-demo"


class Command(BaseCommand):
    help = "Create the fictional demo municipality with one account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: refusing to load demo data (use --force).")
        # The seeders write `title=` as the Kyrgyz text: run them in the default language
        # whatever the shell's (modeltranslation maps plain names to the active language).
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            context = seed_kernel(password=password, stdout=self.stdout)
            # Each app may add its own demo data in <app>/demo.py: seed(**context).
            for config in apps.get_app_configs():
                if config.name in (
                    "engagement_plan",
                    "initiatives",
                    "budget",
                    "monitoring",
                    "kenesh",
                    "community",
                ):
                    try:
                        module = importlib.import_module(f"{config.name}.demo")
                    except ModuleNotFoundError:
                        continue
                    module.seed(**context)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password: {password}):"))
        for username in context["users"]:
            self.stdout.write(f"  {username}")
