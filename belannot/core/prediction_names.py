"""The names imported predictions are kept and offered under (no format reader needed)."""

from __future__ import annotations

# The document metadata key Label Studio ``predictions`` are kept under.
PREDICTIONS_KEY = "label_studio_predictions"
# The suggestions' source: "label-studio:<model_version>".
SOURCE = "label-studio"
