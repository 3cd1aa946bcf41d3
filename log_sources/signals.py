"""What log_sources announces to the apps above it, which it never imports (the Code map in the README)."""

from django.dispatch import Signal

# Sent inside the transaction that adds regions to a source (a new source, or an edit):
# `source` and `regions`, the new SourceRegion rows. The pull engine creates their pull units.
source_regions_added = Signal()

# Sent inside the transaction that replaces a source's credentials: `source`. The pull engine
# makes its regions due at once (a region that failed on the old credentials need not wait out
# its back-off).
source_credentials_changed = Signal()

# Sent when a paused source may be pulled again (its account is back in its Organization): `source`.
# The pull engine makes its regions due at once, from their checkpoints.
source_resumed = Signal()
