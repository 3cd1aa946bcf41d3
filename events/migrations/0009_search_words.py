"""PostgreSQL: Search looks a term up in the tenant's vocabulary of words, then the events by word.

- `events_searchword`, the words of each tenant's search texts, with a trigram index on `word`
  to find the words that contain a term;
- `log_event_search_words` replaces the trigram index on every event's search text: a GIN
  index of the array of its words. The search indexer put several hundred trigrams per event
  into the old index, and puts about 90 words into this one (README, Benchmarks).
- Statistics of the words (an extended statistics object on the same expression).
- Both in the "C" collation: words are lowercase ASCII, and comparing bytes is what makes the
  GIN and primary key inserts cheap. events.query writes the same expression.
- The vocabulary is filled from the events indexed so far.

SQLite keeps matching the search text itself and leaves the vocabulary empty.
"""

import django.db.models.deletion
from django.db import migrations, models

WORDS_INDEX = (
    "CREATE INDEX log_event_search_words ON events_logevent "
    "USING gin ((string_to_array(search_text COLLATE \"C\", ' '))) WHERE search_text IS NOT NULL"
)
TRIGRAM_INDEX = (
    "CREATE INDEX log_event_search_trgm ON events_logevent USING gin (search_text gin_trgm_ops) "
    "WHERE search_text IS NOT NULL"
)


def words_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = [
        'ALTER TABLE events_searchword ALTER COLUMN word TYPE text COLLATE "C"',
        "CREATE INDEX search_word_trgm ON events_searchword USING gin (word gin_trgm_ops)",
        "DROP INDEX IF EXISTS log_event_search_trgm",
        WORDS_INDEX,
    ]
    if schema_editor.connection.pg_version >= 140000:  # statistics of an expression
        # Statistics of the words, so that a search for a rare word reads it through the index
        # and one for a common word walks the newest events. A partial index's own statistics
        # are not used by the planner, which then guesses 0.5% of the events for every word:
        # a rare finding id took 5 s at a million events, the whole table walked. A target of
        # 500 tells words apart down to about 0.1% of the events (README, Benchmarks).
        statements += [
            "CREATE STATISTICS log_event_search_words_stats "
            "ON (string_to_array(search_text COLLATE \"C\", ' ')) FROM events_logevent",
            "ALTER STATISTICS log_event_search_words_stats SET STATISTICS 500",
        ]
    for statement in (
        *statements,
        "INSERT INTO events_searchword (tenant_id, word) "
        "SELECT DISTINCT tenant_id, unnest(string_to_array(search_text COLLATE \"C\", ' ')) "
        "FROM events_logevent WHERE search_text <> '' ON CONFLICT DO NOTHING",
        "ANALYZE events_logevent",
    ):
        schema_editor.execute(statement)


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP STATISTICS IF EXISTS log_event_search_words_stats")
    schema_editor.execute("DROP INDEX IF EXISTS log_event_search_words")
    schema_editor.execute(TRIGRAM_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_findings_and_resources"),
        ("tenants", "0004_tenant_aws_external_id"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "tenant", "word", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("word", models.TextField()),
                (
                    "tenant",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="tenants.tenant",
                    ),
                ),
            ],
        ),
        migrations.RunPython(words_index, trigram_index),
    ]
