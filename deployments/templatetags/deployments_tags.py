"""Template tags for the deployment panel that the source page includes."""

from __future__ import annotations

from django import template

from log_sources.choices import DeploymentMode

from .. import selectors

register = template.Library()


@register.simple_tag
def deployment_panel(source) -> dict:
    """Everything the panel shows about a source's AWS side, read once."""
    progress = selectors.source_progress(source)
    return {
        "mode": source.deployment_mode,
        "is_manual": source.deployment_mode == DeploymentMode.MANUAL,
        "is_stack": source.deployment_mode == DeploymentMode.STACK,
        "console_links": selectors.console_links(source),
        "published": bool(selectors.template_url("stack")),
        "stackset_console_link": selectors.stackset_console_link(),
        "progress": progress,
        "regions": list(source.regions.all()),
    }


@register.simple_tag
def teardowns_to_watch(user) -> list:
    """For External Sources: teardowns of deleted sources that still run or failed lately."""
    return selectors.teardowns_to_watch(user=user)


@register.simple_tag
def coverage_plan_labels() -> list[str]:
    """The protection plans, in the order of the coverage matrix's columns."""
    from ..coverage import PLAN_LABELS

    return list(PLAN_LABELS.values())


@register.filter
def coverage_plan_cells(coverage) -> list[bool | None]:
    """A region's plans in column order: on, off, or None when there is no detector to ask."""
    from ..coverage import PLANS

    plans = coverage.plans or {}
    return [plans.get(key) if plans else None for key in PLANS]
