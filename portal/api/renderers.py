from __future__ import annotations

import yaml
from rest_framework.renderers import BaseRenderer


class YamlRenderer(BaseRenderer):
    """Lets clients ask for a template with `Accept: application/x-yaml` (errors come as YAML too)."""

    media_type = "application/x-yaml"
    format = "yaml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, str):
            return data.encode("utf-8")
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
