"""Issue 18: the plan's own gathering table is gone; its rows live in community (0011)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("engagement_plan", "0011_move_gatherings_to_community")]

    operations = [migrations.DeleteModel(name="Gathering")]
