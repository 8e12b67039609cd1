"""Issue 18: the plan's village gatherings become community gatherings (step 1 of 3).

The old table's reverse name on the plan steps aside (`+`) so the plan can hold its
gatherings as community gatherings under the same name; 0011 moves the rows, 0012 drops
the old table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_gathering_kind_plan_discussion"),
        ("engagement_plan", "0009_plan_assessment_priorities"),
    ]

    operations = [
        migrations.AlterField(
            model_name="gathering",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="engagement_plan.plan",
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="gatherings",
            field=models.ManyToManyField(
                blank=True,
                related_name="plans",
                to="community.gathering",
                verbose_name="village gatherings",
            ),
        ),
    ]
