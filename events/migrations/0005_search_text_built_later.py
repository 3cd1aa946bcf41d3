"""The search text is built by the search indexer after an event is stored (NULL until then).

- `search_text` becomes nullable: NULL means "not indexed yet", '' a message with no words.
- `log_event_unindexed`, a partial index of the waiting events: the indexer's queue, and how
  Search finds the few events it must match by their raw message.
- PostgreSQL: the trigram index leaves the waiting events out. GIN keeps an entry even for a
  NULL, and each one cost a COPY about a fifth of its rate (measured, README Benchmarks).
  Rebuilding it reads the whole table once.
"""

from django.db import migrations, models


def trigram_index_without_nulls(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS log_event_search_trgm")
        schema_editor.execute(
            "CREATE INDEX log_event_search_trgm ON events_logevent USING gin (search_text gin_trgm_ops) "
            "WHERE search_text IS NOT NULL"
        )


def trigram_index_of_every_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS log_event_search_trgm")
        schema_editor.execute(
            "CREATE INDEX log_event_search_trgm ON events_logevent USING gin (search_text gin_trgm_ops)"
        )


def fill_waiting_with_empty(apps, schema_editor):
    # Before this migration every event had a search text; '' is what an event without one had.
    apps.get_model("events", "LogEvent").objects.filter(search_text__isnull=True).update(search_text="")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_search_text_statistics"),
        ("log_sources", "0001_initial"),
        ("tenants", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="logevent",
            name="search_text",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.RunPython(migrations.RunPython.noop, fill_waiting_with_empty),
        migrations.AddIndex(
            model_name="logevent",
            index=models.Index(
                condition=models.Q(("search_text__isnull", True)), fields=["tenant", "id"], name="log_event_unindexed"
            ),
        ),
        migrations.RunPython(trigram_index_without_nulls, trigram_index_of_every_row),
    ]
