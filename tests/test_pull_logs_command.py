"""`python manage.py pull_logs [--source ID] [--region CODE]`."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from collection.models import PullUnit
from events.models import LogEvent
from tests import cloudwatch


def run(*args) -> str:
    out = io.StringIO()
    call_command("pull_logs", *args, stdout=out)
    return out.getvalue()


def test_it_pulls_due_units_and_prints_what_it_collected(aws, source):
    cloudwatch.put("us-east-1", cloudwatch.findings(7))
    output = run()
    assert "us-east-1: 7 new of 7 read" in output
    assert "eu-west-1" in output and "Log group missing" not in output  # states are codes in the line
    assert "log_group_missing" in output
    assert "3 unit(s) pulled, 7 new event(s) stored." in output
    assert "7 event(s) indexed for search." in output
    assert LogEvent.objects.count() == 7
    assert not LogEvent.objects.filter(search_text__isnull=True).exists()
    # Nothing is due any more: a second run pulls nothing.
    assert "0 unit(s) pulled" in run()


def test_named_units_are_pulled_even_when_not_due(aws, source):
    cloudwatch.put("eu-west-1", cloudwatch.findings(4, region="eu-west-1"))
    PullUnit.objects.filter(source_region__source=source).update(next_pull_at=timezone.now() + timedelta(hours=1))
    output = run("--source", str(source.pk), "--region", "eu-west-1")
    assert "eu-west-1: 4 new of 4 read" in output
    assert "1 unit(s) pulled" in output
    assert LogEvent.objects.filter(region="eu-west-1").count() == 4


def test_an_unknown_unit_is_a_clear_error(aws, source):
    with pytest.raises(CommandError, match="No pull unit matches"):
        run("--source", "999999")
