from django.db import migrations, models


def seed_rules(apps, schema_editor):
    from peer_review.default_rules import mark_special, seed

    model = apps.get_model("peer_review", "ProceduralRule")
    seed(model)
    mark_special(model)


class Migration(migrations.Migration):
    dependencies = [
        ("peer_review", "0002_case_file_facts_and_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="proceduralrule",
            name="special",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A 规章's own figure where the law lets it prevail (e.g. 行政处罚法 "
                    "art. 60: 法律、法规、规章另有规定的，从其规定): it applies in place "
                    "of the law's."
                ),
                verbose_name="special rule (另有规定)",
            ),
        ),
        migrations.AlterField(
            model_name="proceduralrule",
            name="key",
            field=models.CharField(
                choices=[
                    ("decision_days", "作出决定期限（日）"),
                    ("decision_max_days", "经批准延长后的最长决定期限（日）"),
                    ("service_working_days", "送达期限（工作日）"),
                    ("statement_working_days", "陈述申辩期限（工作日）"),
                    ("hearing_request_working_days", "申请听证期限（工作日）"),
                    ("hearing_notice_working_days", "听证通知提前期（工作日）"),
                    ("payment_days", "缴纳罚款期限（日）"),
                    ("hearing_fine_threshold", "听证较大数额：单位（元）"),
                    ("hearing_fine_threshold_person", "听证较大数额：个人（元）"),
                    ("summary_limit_person", "简易程序罚款上限：公民（元）"),
                    ("summary_limit_unit", "简易程序罚款上限：单位（元）"),
                ],
                max_length=40,
                verbose_name="rule",
            ),
        ),
        migrations.RunPython(seed_rules, migrations.RunPython.noop),
    ]
