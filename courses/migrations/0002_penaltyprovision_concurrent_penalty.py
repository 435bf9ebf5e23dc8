from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="penaltyprovision",
            name="concurrent_penalty",
            field=models.CharField(
                blank=True,
                help_text="e.g. 责令停产停业整顿; alternatives separated by 或者",
                max_length=100,
                verbose_name="imposed together with the fine (并处)",
            ),
        ),
        migrations.AddField(
            model_name="penaltyprovision",
            name="concurrent_penalty_uncorrected",
            field=models.CharField(
                blank=True,
                help_text="e.g. 责令停产停业整顿; alternatives separated by 或者",
                max_length=100,
                verbose_name=(
                    "if not corrected in time: imposed together with the fine (并处)"
                ),
            ),
        ),
    ]
