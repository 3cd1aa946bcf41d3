"""PostgreSQL only: a finer statistics sample for the search text, so Search's plans are stable.

PostgreSQL estimates `search_text LIKE '%term%'` by matching the term against the column's
histogram, which holds 100 sampled search texts by default. By the odds, a term in 2% of the
events matches none of them after one ANALYZE in seven; the estimate collapses to "rare", and the
first page of a common term is read through the trigram index and sorted (about 250 ms at a
million events, measured) instead of by walking the newest events (about 10 ms). 300 texts
make that a one-in-four-hundred event and add about a millisecond of planning.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE events_logevent ALTER COLUMN search_text SET STATISTICS 300")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE events_logevent ALTER COLUMN search_text SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("events", "0003_fewer_indexes_per_event")]

    operations = [migrations.RunPython(forwards, backwards)]
