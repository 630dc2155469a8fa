"""A vote's voter becomes a generic key, so that a member unit (not only a user) can be the voter in a
ballot; existing votes keep their user as both the key and the caster."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def key_existing_votes(apps, schema_editor):
    Vote = apps.get_model("workflows", "Vote")
    for vote in Vote.objects.all().only("pk", "voter_id"):
        Vote.objects.filter(pk=vote.pk).update(voter_key=f"auth.user:{vote.voter_id}")


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="vote",
            name="voter_key",
            field=models.CharField(default="", max_length=60, verbose_name="投票方"),
            preserve_default=False,
        ),
        migrations.RunPython(key_existing_votes, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="vote", name="one_vote_per_member_per_stage"),
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.UniqueConstraint(
                fields=("content_type", "object_id", "stage", "voter_key"), name="one_vote_per_voter_per_stage"
            ),
        ),
        migrations.AlterField(
            model_name="vote",
            name="voter",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="投票人",
            ),
        ),
    ]
