from __future__ import annotations

import json

import yaml
from rest_framework.renderers import BaseRenderer, JSONRenderer


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
        # Through JSON first: error bodies hold DRF's str subclasses, which YAML's safe dumper refuses.
        plain = json.loads(JSONRenderer().render(data))
        return yaml.safe_dump(plain, sort_keys=False, allow_unicode=True).encode("utf-8")
